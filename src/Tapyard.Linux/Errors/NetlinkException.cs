using System.Runtime.InteropServices;

namespace Tapyard.Linux.Errors;

/// <summary>An NLMSG_ERROR from the kernel: errno, and the extended-ACK text when the kernel gave one.</summary>
public class NetlinkException : TapyardLinuxException
{
    public NetlinkException(string operation, int errno, string? extendedAck, Exception? inner = null)
        : base(Describe(operation, errno, extendedAck), errno, inner)
    {
        Operation = operation;
        ExtendedAck = extendedAck;
    }

    public string Operation { get; }

    /// <summary>
    /// In a batch (several requests in one send), the position of the request the kernel refused,
    /// counted from 0; null for a single request or a dump.
    /// </summary>
    public int? MessageIndex { get; init; }

    /// <summary>The kernel's own explanation (NLMSGERR_ATTR_MSG), e.g. "Unknown device type".</summary>
    public string? ExtendedAck { get; }

    private static string Describe(string operation, int errno, string? extendedAck) =>
        extendedAck is { Length: > 0 }
            ? $"{operation}: {Marshal.GetPInvokeErrorMessage(errno)} (kernel: {extendedAck})"
            : $"{operation}: {Marshal.GetPInvokeErrorMessage(errno)}";
}
