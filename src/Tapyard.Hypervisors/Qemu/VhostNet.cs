using Microsoft.Win32.SafeHandles;

namespace Tapyard.Hypervisors.Qemu;

/// <summary>
/// /dev/vhost-net moves virtio-net's data path into the kernel. It is optional (missing here: the
/// vhost_net module is not available), so it is used only when the device exists.
/// </summary>
public static class VhostNet
{
    public const string DevicePath = "/dev/vhost-net";

    public static bool IsAvailable => File.Exists(DevicePath);

    /// <summary>One fd per queue; QEMU gets them as vhostfd(s)=.</summary>
    public static IReadOnlyList<SafeFileHandle> Open(int count)
    {
        var handles = new List<SafeFileHandle>(count);
        try
        {
            for (int i = 0; i < count; i++)
                handles.Add(File.OpenHandle(DevicePath, FileMode.Open, FileAccess.ReadWrite));
            return handles;
        }
        catch
        {
            foreach (var handle in handles)
                handle.Dispose();
            throw;
        }
    }
}
