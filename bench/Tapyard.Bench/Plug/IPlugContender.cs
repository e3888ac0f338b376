namespace Tapyard.Bench.Plug;

/// <summary>One way of plugging and unplugging the same set of macvtaps, timed.</summary>
internal interface IPlugContender
{
    string Tool { get; }

    Measurement Plug(PlugLab lab, IReadOnlyList<BenchDevice> devices);

    /// <summary>Removes every device again; the measurement is null when this contender's teardown is not one of the figures.</summary>
    Measurement? Unplug(PlugLab lab, IReadOnlyList<BenchDevice> devices);
}
