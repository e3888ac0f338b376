namespace Tapyard.Cli.Commands.Demo;

/// <summary>The names of what the demo makes, all derived from the lab's name so a rerun finds an interrupted demo's leftovers.</summary>
internal sealed record DemoNames(string Lab)
{
    public string Network => $"{Lab}-net";

    public IReadOnlyList<string> Guests => [$"{Lab}-g1", $"{Lab}-g2", $"{Lab}-g3"];
}
