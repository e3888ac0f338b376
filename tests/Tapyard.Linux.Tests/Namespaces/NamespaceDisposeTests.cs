using Tapyard.Linux.Errors;
using Tapyard.Linux.Namespaces;

namespace Tapyard.Linux.Tests.Namespaces;

/// <summary>Disposing a NetworkNamespace (ending its thread) is idempotent, works from inside, and later work is refused by type.</summary>
[Trait("Category", "Kernel")]
public sealed class NamespaceDisposeTests
{
    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(5);

    [Fact]
    public void Dispose_twice_is_harmless()
    {
        using var ns = TestNamespace.Create("dispose2");
        var opened = NetworkNamespace.Open(ns.Name);
        opened.Dispose();
        opened.Dispose();
        Assert.True(opened.WaitForExit(Prompt));
        // The namespace itself is untouched: only this handle's thread ended.
        Assert.True(NetworkNamespace.Exists(ns.Name));
        Assert.Equal(ns.Name, ns.Namespace.Run(() => ns.Name));
    }

    [Fact]
    public void Run_after_Dispose_fails_with_a_typed_error_naming_the_namespace()
    {
        using var ns = TestNamespace.Create("disposerun");
        var opened = NetworkNamespace.Open(ns.Name);
        opened.Dispose();
        var error = Assert.Throws<NamespaceClosedException>(() => opened.Run(() => 1));
        Assert.Equal(ns.Name, error.Name);
        Assert.Contains($"network namespace {ns.Name} is closed", error.Message);
        Assert.Throws<NamespaceClosedException>(() => opened.OpenNetlinkSocket());
    }

    [Fact]
    public void Dispose_from_work_running_inside_the_namespace_ends_its_thread_cleanly()
    {
        using var ns = TestNamespace.Create("disposein");
        var opened = NetworkNamespace.Open(ns.Name);
        int result = opened.Run(() =>
        {
            opened.Dispose();
            // The rest of this work item still runs inside; only new work is refused, here too.
            Assert.Throws<NamespaceClosedException>(() => opened.Run(() => 0));
            return 42;
        });
        Assert.Equal(42, result);
        Assert.True(opened.WaitForExit(Prompt), "the namespace thread did not end");
        Assert.Throws<NamespaceClosedException>(() => opened.Run(() => 1));
        opened.Dispose();
    }

    [Fact]
    public void Work_racing_with_Dispose_either_runs_or_is_refused_never_lost()
    {
        using var ns = TestNamespace.Create("disposerace");
        for (int round = 0; round < 20; round++)
        {
            var opened = NetworkNamespace.Open(ns.Name);
            using var go = new ManualResetEventSlim();
            var outcomes = new int[4];
            var callers = Enumerable.Range(0, outcomes.Length).Select(c => new Thread(() =>
            {
                go.Wait();
                int ran = 0, refused = 0;
                for (int i = 0; i < 50; i++)
                {
                    try { opened.Run(() => ran++); }
                    catch (NamespaceClosedException) { refused++; }
                }
                outcomes[c] = ran + refused;
            }) { IsBackground = true }).ToList();
            callers.ForEach(caller => caller.Start());
            go.Set();
            opened.Dispose();
            Assert.All(callers, caller => Assert.True(caller.Join(Prompt), "a Run hung after Dispose"));
            Assert.All(outcomes, outcome => Assert.Equal(50, outcome));
            Assert.True(opened.WaitForExit(Prompt));
        }
    }
}
