using System.Runtime.InteropServices;

namespace Tapyard.Linux.Processes;

/// <summary>
/// An open file the child receives at a chosen fd number (e.g. a tap queue at 3 for QEMU's `fd=3`).
/// The handle stays ours: the spawn holds a reference on it until the child has its copy.
/// </summary>
public sealed record InheritedFile(SafeHandle Handle, int TargetFd);
