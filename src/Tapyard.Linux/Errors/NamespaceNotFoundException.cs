namespace Tapyard.Linux.Errors;

public sealed class NamespaceNotFoundException(string name)
    : TapyardLinuxException($"network namespace {name} does not exist (no /run/netns/{name}); create it first", LinuxErrno.ENOENT);
