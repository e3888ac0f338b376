using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;
using Tapyard.Linux.Errors;

namespace Tapyard.Linux.Bpf;

/// <summary>
/// A loaded eBPF program, owned through its fd: the kernel frees it when the fd is closed and no
/// tc filter (or pin) refers to it any more, so a filter attached with this fd outlives the object.
/// </summary>
public sealed class BpfProgram : IDisposable
{
    public const int MaxNameLength = 15;

    /// <summary>The license the programs are declared under; GPL-compatible, so the kernel allows every helper.</summary>
    private const string License = "GPL";
    private const int VerifierLogBytes = 64 * 1024;
    private const uint VerifierLogLevel = 1;

    private BpfProgram(string name, SafeFileHandle handle, uint id)
    {
        Name = name;
        Handle = handle;
        Id = id;
    }

    public string Name { get; }

    public SafeFileHandle Handle { get; }

    /// <summary>The kernel's id of the program: what a tc filter dump reports as TCA_BPF_ID.</summary>
    public uint Id { get; }

    internal int FileDescriptor => (int)Handle.DangerousGetHandle();

    /// <summary>
    /// Loads a tc classifier (BPF_PROG_TYPE_SCHED_CLS) named <paramref name="name"/> (at most
    /// 15 characters of [A-Za-z0-9_.], as the kernel requires). A refusal throws
    /// <see cref="BpfLoadException"/> with the verifier's log: the first attempt asks for no log (the
    /// kernel then does less work); only a failure is verified again with the log on.
    /// </summary>
    public static BpfProgram LoadSchedCls(string name, ReadOnlySpan<BpfInstruction> instructions)
    {
        ValidateName(name);
        if (instructions.IsEmpty)
            throw new TapyardLinuxException($"eBPF program {name} has no instructions", LinuxErrno.EINVAL);
        var code = MemoryMarshal.AsBytes(instructions).ToArray();
        int fd = Load(name, code, instructions.Length, null, out int errno);
        if (fd < 0)
        {
            var log = new byte[VerifierLogBytes];
            fd = Load(name, code, instructions.Length, log, out int again);
            if (fd < 0)
                throw Refused(name, again == 0 ? errno : again, log);
        }
        var handle = new SafeFileHandle(fd, ownsHandle: true);
        try
        {
            return new BpfProgram(name, handle, ReadId(fd, name));
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    public void Dispose() => Handle.Dispose();

    private static unsafe int Load(string name, byte[] code, int count, byte[]? log, out int errno)
    {
        Span<byte> attributes = stackalloc byte[Interop.BpfConstants.AttributeSize];
        attributes.Clear();
        var license = Encoding.ASCII.GetBytes(License + "\0");
        fixed (byte* instructions = code)
        fixed (byte* licenseText = license)
        fixed (byte* logBuffer = log)
        fixed (byte* attr = attributes)
        {
            // union bpf_attr, BPF_PROG_LOAD part: prog_type, insn_cnt, insns, license, log_level,
            // log_size, log_buf, kern_version, prog_flags, prog_name[16].
            Write(attributes, 0, Interop.BpfConstants.BPF_PROG_TYPE_SCHED_CLS);
            Write(attributes, 4, (uint)count);
            Write(attributes, 8, (ulong)instructions);
            Write(attributes, 16, (ulong)licenseText);
            if (log is not null)
            {
                Write(attributes, 24, VerifierLogLevel);
                Write(attributes, 28, (uint)log.Length);
                Write(attributes, 32, (ulong)logBuffer);
            }
            Encoding.ASCII.GetBytes(name, attributes.Slice(48, MaxNameLength));
            long fd = Interop.Libc.Syscall(Interop.BpfConstants.SYS_bpf, Interop.BpfConstants.BPF_PROG_LOAD, attr, (uint)attributes.Length);
            errno = fd < 0 ? Marshal.GetLastPInvokeError() : 0;
            return (int)fd;
        }
    }

    /// <summary>BPF_OBJ_GET_INFO_BY_FD, reading only the head of struct bpf_prog_info (type, id): the kernel copies what fits.</summary>
    private static unsafe uint ReadId(int fd, string name)
    {
        Span<byte> info = stackalloc byte[8];
        info.Clear();
        Span<byte> attributes = stackalloc byte[Interop.BpfConstants.AttributeSize];
        attributes.Clear();
        fixed (byte* infoBuffer = info)
        fixed (byte* attr = attributes)
        {
            Write(attributes, 0, (uint)fd);
            Write(attributes, 4, (uint)info.Length);
            Write(attributes, 8, (ulong)infoBuffer);
            if (Interop.Libc.Syscall(Interop.BpfConstants.SYS_bpf, Interop.BpfConstants.BPF_OBJ_GET_INFO_BY_FD, attr, (uint)attributes.Length) < 0)
                throw SystemCallException.FromLastError($"reading the id of eBPF program {name}", LinuxCapability.SysAdmin);
        }
        return BitConverter.ToUInt32(info[4..]);
    }

    private static void Write(Span<byte> destination, int offset, uint value) =>
        BitConverter.TryWriteBytes(destination[offset..], value);

    private static void Write(Span<byte> destination, int offset, ulong value) =>
        BitConverter.TryWriteBytes(destination[offset..], value);

    private static BpfLoadException Refused(string name, int errno, byte[] log)
    {
        int end = Array.IndexOf(log, (byte)0);
        string text = Encoding.UTF8.GetString(log, 0, end < 0 ? log.Length : end).Trim();
        string cause = errno == LinuxErrno.EPERM
            ? $"{Marshal.GetPInvokeErrorMessage(errno)}; loading eBPF programs needs root (CAP_BPF and CAP_NET_ADMIN)"
            : Marshal.GetPInvokeErrorMessage(errno);
        string lastLines = string.Join(" | ", text.Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(3));
        string message = text.Length == 0
            ? $"the kernel refused to load eBPF program {name}: {cause}"
            : $"the kernel refused to load eBPF program {name}: {cause} (verifier: {lastLines})";
        return new BpfLoadException(name, errno, text, message);
    }

    private static void ValidateName(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.'))
            throw new TapyardLinuxException(
                $"invalid eBPF program name '{name}': use 1 to {MaxNameLength} characters of A-Z, a-z, 0-9, '_' and '.'", LinuxErrno.EINVAL);
    }
}
