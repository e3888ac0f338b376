namespace Tapyard.Bench.Migrate;

/// <summary>One migration as measured: QEMU's total time and downtime (source's query-migrate), the whole operation, and the pings.</summary>
public sealed record MigrationSample(string From, string To, double TotalMs, double DowntimeMs, double ElapsedMs,
    int PingsSent, int PingsLost, double LongestOutageMs);
