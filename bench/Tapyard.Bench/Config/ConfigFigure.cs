namespace Tapyard.Bench.Config;

/// <summary>
/// One figure of the config benchmark. <see cref="Key"/> is stable ("cli.network_info"); <see cref="Unit"/>
/// is "ms", "us" or "ns"; <see cref="Statistic"/> says how it was made: "median" of samples, "mean"
/// (total / operations), or "once" (a single timed operation).
/// </summary>
public sealed record ConfigFigure(string Key, string Description, double Value, string Unit, string Statistic, int Samples);
