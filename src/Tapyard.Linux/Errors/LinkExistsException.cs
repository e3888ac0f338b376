namespace Tapyard.Linux.Errors;

public sealed class LinkExistsException(string name, int errno)
    : TapyardLinuxException($"device {name} already exists; choose another name or delete it first", errno)
{
    public string Name { get; } = name;
}
