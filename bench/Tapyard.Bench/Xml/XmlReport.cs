namespace Tapyard.Bench.Xml;

/// <summary>
/// `bench xml` figures: <see cref="ColdMs"/> the first in-process render (JIT included),
/// <see cref="WarmUs"/> the median of <see cref="Iterations"/> warm renders; the process figures are
/// medians of <see cref="ProcessRuns"/> runs (null when not measured; <see cref="VirshError"/> says
/// why the virsh reference is missing).
/// </summary>
public sealed record XmlReport
{
    public required int Nics { get; init; }
    public required int Iterations { get; init; }
    public required int ProcessRuns { get; init; }
    public required int XmlBytes { get; init; }
    public required double ColdMs { get; init; }
    public required double WarmUs { get; init; }
    public string Cli { get; init; } = "";
    public double? CliWallMs { get; init; }
    public double? CliCpuMs { get; init; }
    /// <summary>`tapyard --help`: the CLI's start-up alone, the floor under every command.</summary>
    public double? CliHelpMs { get; init; }
    public double? VirshFloorMs { get; init; }
    public double? VirshDefineDumpMs { get; init; }
    public string? VirshError { get; init; }
}
