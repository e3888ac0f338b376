using Tapyard.Cli.Tests.Support;
using Tapyard.Core.Model;
using Tapyard.Core.Store;
using Tapyard.Lab;
using Tapyard.Linux.Namespaces;

namespace Tapyard.Cli.Tests.Lab;

/// <summary>
/// One test's lab: a unique lab name (tests run in parallel, namespaces are machine-wide) and a
/// temp state directory. Dispose runs `lab down` and then deletes any namespace still carrying the
/// lab's names, so a failed test leaves nothing behind.
/// </summary>
internal sealed class LabWorld : IDisposable
{
    public LabWorld(string? runtimeDirectory = null)
    {
        Root.Require();
        Name = $"tl{Guid.NewGuid().ToString("N")[..8]}";
        Lab = new Tapyard.Lab.Lab(State.Path, Progress.Add, runtimeDirectory);
    }

    public string Name { get; }
    public TempStateDirectory State { get; } = new();
    public List<string> Progress { get; } = [];
    public Tapyard.Lab.Lab Lab { get; }
    public LabLayout Layout(int nodes = LabLayout.DefaultNodes) => LabLayout.Create(Name, nodes);

    public ClusterConfig? Config() => new FileConfigStore(State.Path).Load().Config;

    /// <summary>Namespaces on the machine that carry this lab's names.</summary>
    public IReadOnlyList<string> Namespaces() => NetworkNamespace.List().Where(Layout().Owns).ToList();

    public void Dispose()
    {
        try { Lab.Down(Name); }
        catch (Exception)
        {
            // The sweep below still removes the namespaces.
        }
        finally
        {
            foreach (string ns in Namespaces())
                NetworkNamespace.Delete(ns);
            State.Dispose();
        }
    }
}
