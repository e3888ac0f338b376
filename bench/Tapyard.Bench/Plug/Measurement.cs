namespace Tapyard.Bench.Plug;

/// <summary>
/// One figure: how long one <see cref="Tool"/> took per device for one <see cref="Phase"/>.
/// <see cref="Statistic"/> says how the per-device figure was made: "median" of per-device samples
/// when each device is its own operation, "mean" (total / devices) when one batch did them all.
/// </summary>
public sealed record Measurement(string Tool, string Phase, string Statistic, double PerDeviceMicroseconds, double TotalMilliseconds)
{
    /// <summary>"tool.phase", the prefix of this figure's JSON keys.</summary>
    public string Key => $"{Tool}.{Phase}";
}
