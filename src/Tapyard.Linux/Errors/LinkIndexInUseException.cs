namespace Tapyard.Linux.Errors;

/// <summary>An explicit ifindex asked for at create time belongs to another device of the namespace (the kernel says EEXIST).</summary>
public sealed class LinkIndexInUseException(string device, int index, string holder, int errno)
    : TapyardLinuxException($"cannot create {device}: ifindex {index} is already used by {holder}; choose another index", errno)
{
    public int Index { get; } = index;
}
