namespace Tapyard.Hypervisors.Nova;

/// <summary>What `vif unplug` removed; both lists empty when nothing was plugged for the VIF (not an error, as in Nova).</summary>
public sealed record NovaVifUnplugResult(string Vif, string Node, string Instance, IReadOnlyList<string> DevicesRemoved, IReadOnlyList<string> RecordsRemoved)
{
    public bool NothingWasPlugged => DevicesRemoved.Count == 0 && RecordsRemoved.Count == 0;
}
