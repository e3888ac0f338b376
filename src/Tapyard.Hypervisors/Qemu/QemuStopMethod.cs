namespace Tapyard.Hypervisors.Qemu;

/// <summary>How a QEMU ended in <see cref="QemuProcess.Shutdown"/>.</summary>
public enum QemuStopMethod
{
    /// <summary>It was not running any more.</summary>
    AlreadyGone,
    /// <summary>QMP quit.</summary>
    Quit,
    /// <summary>SIGTERM after quit got no result in time.</summary>
    Terminated,
    /// <summary>SIGKILL after SIGTERM got no result in time.</summary>
    Killed,
}
