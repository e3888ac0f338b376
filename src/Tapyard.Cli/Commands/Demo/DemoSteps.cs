namespace Tapyard.Cli.Commands.Demo;

/// <summary>Numbers the demo's steps as it prints them ("[3/8] ..."), and stops between steps on Ctrl-C.</summary>
internal sealed class DemoSteps(TextWriter output, int total, CancellationToken cancellation)
{
    private int _done;

    public void Begin(string what)
    {
        cancellation.ThrowIfCancellationRequested();
        output.WriteLine($"[{++_done}/{total}] {what}");
    }

    public void Detail(string line) => output.WriteLine($"      {line}");
}
