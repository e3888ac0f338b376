using System.Net.Sockets;
using System.Runtime.InteropServices;
using Tapyard.Linux.Errors;

namespace Tapyard.Linux.Sockets;

/// <summary>
/// Sends bytes with open files attached (SCM_RIGHTS) over a connected unix socket: how QEMU's QMP
/// `getfd`/`add-fd` receive a tap queue. .NET's Socket has no ancillary-data API, so this is one
/// sendmsg on the socket's fd; the receiver gets its own copies of the files.
/// </summary>
public static class FileDescriptorPassing
{
    /// <summary>SCM_MAX_FD (include/net/scm.h): the most fds one message may carry.</summary>
    public const int MaxFiles = 253;

    /// <summary>
    /// Sends all of <paramref name="data"/>, the files riding on its first byte (the receiver sees them
    /// with that read). Waits while the socket buffer is full.
    /// </summary>
    public static unsafe void Send(Socket socket, ReadOnlySpan<byte> data, IReadOnlyList<SafeHandle> files)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(files);
        if (data.IsEmpty)
            throw new ArgumentException("fds must ride on at least one byte", nameof(data));
        if (files.Count is 0 or > MaxFiles)
            throw new ArgumentException($"between 1 and {MaxFiles} files per message", nameof(files));

        var added = new List<SafeHandle>(files.Count);
        try
        {
            foreach (var file in files)
            {
                bool ok = false;
                file.DangerousAddRef(ref ok);
                added.Add(file);
            }
            int headerSize = sizeof(Interop.Libc.ControlMessageHeader);
            int controlLength = headerSize + files.Count * sizeof(int);
            int controlSpace = (controlLength + 7) & ~7; // CMSG_SPACE: aligned to size_t
            byte* control = stackalloc byte[controlSpace];
            new Span<byte>(control, controlSpace).Clear();
            var header = (Interop.Libc.ControlMessageHeader*)control;
            header->Length = (nuint)controlLength;
            header->Level = Interop.Libc.SOL_SOCKET;
            header->Type = Interop.Libc.SCM_RIGHTS;
            int* fds = (int*)(control + headerSize);
            for (int i = 0; i < files.Count; i++)
                fds[i] = (int)files[i].DangerousGetHandle();

            int sent;
            fixed (byte* bytes = data)
            {
                var vector = new Interop.Libc.IoVector { Base = bytes, Length = (nuint)data.Length };
                var message = new Interop.Libc.MessageHeader
                {
                    Vectors = &vector, VectorCount = 1, Control = control, ControlLength = (nuint)controlSpace,
                };
                int socketFd = (int)socket.SafeHandle.DangerousGetHandle();
                while (true)
                {
                    nint result = Interop.Libc.Sendmsg(socketFd, &message, Interop.Libc.MSG_NOSIGNAL);
                    if (result >= 0)
                    {
                        sent = (int)result;
                        break;
                    }
                    int errno = Marshal.GetLastPInvokeError();
                    // The runtime puts sockets in non-blocking mode: wait for room rather than fail.
                    if (errno == LinuxErrno.EAGAIN)
                        socket.Poll(TimeSpan.FromMilliseconds(100), SelectMode.SelectWrite);
                    else if (errno != LinuxErrno.EINTR)
                        throw new SystemCallException($"sending {files.Count} fd(s) over a unix socket", errno);
                }
            }
            // The files went with the first chunk; the rest of the bytes (if the buffer was short) go plainly.
            while (sent < data.Length)
                sent += socket.Send(data[sent..]);
        }
        finally
        {
            foreach (var file in added)
                file.DangerousRelease();
        }
    }
}
