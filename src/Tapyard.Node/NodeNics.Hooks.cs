using Tapyard.Core.Model;
using Tapyard.Core.Operations;
using Tapyard.Linux.Errors;
using Tapyard.Linux.Links;
using Tapyard.Node.Hooks;
using Tapyard.Node.Modes;

namespace Tapyard.Node;

/// <summary>
/// NodeNics' NIC hooks (see <see cref="NicHooks"/>), kept apart from the plugging code: Plug calls
/// <see cref="RunUpHooks"/> once its devices are configured, Remove calls <see cref="RunDownHooks"/>
/// before it deletes devices.
/// </summary>
public sealed partial class NodeNics
{
    /// <summary>The hooks run for this node's NICs; null (the default): none. The CLI sets NicHooks.ForStateDirectory.</summary>
    public NicHooks? Hooks { get; set; }

    /// <summary>
    /// Runs the up hooks of each NIC in <paramref name="made"/> (in NIC order), after storing the hook
    /// environment in the NIC's record (replaced in <paramref name="made"/>) for its down hooks. When one
    /// fails, the down hooks of the NICs whose up hooks ran are run, every NIC of the plug is removed, and
    /// the error says so: "up hook P for NIC 0 of instance X failed (exit 3): LINE; the NIC was removed".
    /// </summary>
    private void RunUpHooks(Instance instance, IReadOnlyList<ResolvedNic> nics, List<PluggedDevice> made)
    {
        if (Hooks is not { } hooks)
            return;
        for (int i = 0; i < made.Count; i++)
        {
            var record = made[i].Record;
            if (!hooks.HasAny(record.Mode))
                continue;
            var nic = nics.First(n => n.Index == record.NicIndex);
            var environment = HookEnvironment.Of(ContextOf(instance, nic, record));
            try
            {
                record = record with { HookEnvironment = environment.ToDictionary() };
                made[i] = made[i] with { Record = record };
                Records.Write(record);
                hooks.RunUp(environment, _namespace.Name);
            }
            catch (Exception e)
            {
                // Whatever went wrong, the plug is undone: all or nothing.
                foreach (var before in made.Take(i).Select(d => d.Record).Where(r => r.HookEnvironment is not null))
                    hooks.RunDown(HookEnvironment.FromVariables(before.HookEnvironment!), _namespace.Name);
                string removed = RemovedAfterHook(made);
                if (e is not (HookException or IOException or UnauthorizedAccessException))
                    throw;
                throw new NicPlugException(instance.Name, record.NicIndex, $"{e.Message}; {removed}", e);
            }
        }
    }

    /// <summary>Runs the down hooks of the recorded NICs whose device still exists (same ifindex and name), in record order.</summary>
    private void RunDownHooks(IReadOnlyList<NicRecord> records, IReadOnlyList<LinkInfo> links)
    {
        if (Hooks is not { } hooks || records.Count == 0)
            return;
        var byIndex = links.ToDictionary(link => link.Index);
        foreach (var record in records)
        {
            if (!byIndex.TryGetValue(record.Ifindex, out var link) || link.Name != record.Device || !hooks.HasAny(record.Mode))
                continue;
            var environment = record.HookEnvironment is { } stored
                ? HookEnvironment.FromVariables(stored)
                : HookEnvironment.Of(ContextOf(record)); // plugged before the hooks existed: what the record knows
            hooks.RunDown(environment, _namespace.Name);
        }
    }

    private string RemovedAfterHook(List<PluggedDevice> made) =>
        UndoPlug(made, downHooks: false) is { } failure
            ? $"removing the NICs failed ({failure}): their records stay in {Records.Directory} for the next sweep"
            : made.Count == 1
                ? "the NIC was removed"
                : $"the instance's {made.Count} NICs ({string.Join(", ", made.Select(d => d.Record.Device))}) were removed";

    private static HookContext ContextOf(Instance instance, ResolvedNic nic, NicRecord record) => new()
    {
        Instance = instance.Name, NicIndex = nic.Index, NicUuid = nic.Uuid, NicName = nic.Name, Mac = record.Mac,
        Mode = record.Mode, Interface = record.Device, Ip = nic.Ip, Link = nic.Link, Vlan = nic.Vlan, MvtapMode = record.MvtapMode,
        Network = nic.Network is { } network ? HookNetwork.Of(network) : null,
    };

    private static HookContext ContextOf(NicRecord record) => new()
    {
        Instance = record.Instance, NicIndex = record.NicIndex, NicUuid = record.NicUuid, Mac = record.Mac,
        Mode = record.Mode, Interface = record.Device, Link = record.Lower, MvtapMode = record.MvtapMode,
    };
}
