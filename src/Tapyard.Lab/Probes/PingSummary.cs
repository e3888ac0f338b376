namespace Tapyard.Lab.Probes;

/// <summary>What a <see cref="ContinuousPinger"/> saw: echo requests sent, replies received, and the longest time without a reply.</summary>
public sealed record PingSummary(int Sent, int Received, TimeSpan LongestOutage)
{
    public int Lost => Sent - Received;

    public override string ToString() => $"{Sent} sent, {Lost} lost, longest outage {LongestOutage.TotalMilliseconds:0} ms";
}
