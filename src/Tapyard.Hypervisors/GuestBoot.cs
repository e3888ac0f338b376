namespace Tapyard.Hypervisors;

/// <summary>A direct kernel boot: QEMU's -kernel, -initrd and -append.</summary>
public sealed record GuestBoot(string Kernel, string? Initrd, string? Append);
