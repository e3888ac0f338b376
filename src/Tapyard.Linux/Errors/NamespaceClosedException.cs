namespace Tapyard.Linux.Errors;

/// <summary>Work was sent to a NetworkNamespace after (or while) it was disposed: its thread has ended.</summary>
public sealed class NamespaceClosedException(string name)
    : TapyardLinuxException($"network namespace {name} is closed in this process (disposed); open it again to run work in it")
{
    public string Name { get; } = name;
}
