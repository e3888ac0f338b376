namespace Tapyard.Linux.Errors;

/// <summary>The kernel sent no reply within the socket's receive timeout (a hung RTNL holder, or a lost reply).</summary>
public sealed class NetlinkTimeoutException(string operation, TimeSpan timeout)
    : TapyardLinuxException($"{operation}: no reply from the kernel within {timeout.TotalSeconds:0.#} s", LinuxErrno.ETIMEDOUT)
{
    public TimeSpan Timeout { get; } = timeout;
}
