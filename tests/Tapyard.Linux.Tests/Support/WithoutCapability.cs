using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;

namespace Tapyard.Linux.Tests.Support;

/// <summary>
/// Runs code on a dedicated thread that has dropped one capability (e.g. CAP_NET_ADMIN) from its
/// effective and permitted sets, so it cannot get it back. Capabilities belong to the thread, and the
/// thread ends afterwards, so the rest of the test process keeps its privileges. rtnetlink checks
/// the sender's capabilities when a request is processed, which happens on the sending thread.
/// </summary>
internal static class WithoutCapability
{
    public const int NetAdmin = 12;

    public static T Run<T>(int capability, Func<T> work)
    {
        T result = default!;
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                Drop(capability);
                result = work();
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }
        }) { IsBackground = true, Name = $"without capability {capability}" };
        thread.Start();
        thread.Join();
        failure?.Throw();
        return result;
    }

    /// <summary>Whether the calling thread has <paramref name="capability"/> in its effective set.</summary>
    public static unsafe bool Has(int capability)
    {
        var header = new TestInterop.Libc.CapabilityHeader { Version = TestInterop.Libc.CapabilityVersion3 };
        var data = stackalloc TestInterop.Libc.CapabilityData[2];
        if (TestInterop.Libc.Capget(&header, data) != 0)
            throw new InvalidOperationException($"capget failed: errno {Marshal.GetLastPInvokeError()}");
        return (data[capability / 32].Effective & (1u << (capability % 32))) != 0;
    }

    private static unsafe void Drop(int capability)
    {
        var header = new TestInterop.Libc.CapabilityHeader { Version = TestInterop.Libc.CapabilityVersion3 };
        var data = stackalloc TestInterop.Libc.CapabilityData[2];
        if (TestInterop.Libc.Capget(&header, data) != 0)
            throw new InvalidOperationException($"capget failed: errno {Marshal.GetLastPInvokeError()}");
        uint bit = 1u << (capability % 32);
        data[capability / 32].Effective &= ~bit;
        data[capability / 32].Permitted &= ~bit;
        if (TestInterop.Libc.Capset(&header, data) != 0)
            throw new InvalidOperationException($"capset failed: errno {Marshal.GetLastPInvokeError()}");
        if (Has(capability))
            throw new InvalidOperationException($"capability {capability} is still effective after capset");
    }
}
