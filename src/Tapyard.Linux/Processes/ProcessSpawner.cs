using System.Runtime.InteropServices;
using System.Text;
using Tapyard.Linux.Errors;
using Tapyard.Linux.Namespaces;
using static Interop.SpawnConstants;

namespace Tapyard.Linux.Processes;

/// <summary>
/// Starts programs with posix_spawn, handing them chosen fds at chosen numbers. .NET's Process cannot
/// pass an fd (everything it opens is FD_CLOEXEC) and forking from managed code is unsafe; posix_spawn
/// runs the file actions in the child between clone and exec. The child is ours to reap
/// (<see cref="SpawnedProcess"/>): the runtime only reaps children of System.Diagnostics.Process.
/// </summary>
public static class ProcessSpawner
{
    public const string DefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /// <summary>
    /// Starts <paramref name="request"/>'s program; in <paramref name="networkNamespace"/> when given
    /// (posix_spawn then runs on the namespace's thread, and the child inherits that thread's namespace).
    /// </summary>
    /// <exception cref="ProgramNotFoundException">The program is not installed.</exception>
    /// <exception cref="SpawnFailedException">It could not be executed, or a file action failed.</exception>
    public static SpawnedProcess Spawn(SpawnRequest request, NetworkNamespace? networkNamespace = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        string path = Resolve(request.Program);
        CheckFiles(request);
        if (request.OutputPath is { } output && Path.GetDirectoryName(Path.GetFullPath(output)) is { } dir && !Directory.Exists(dir))
            throw new SpawnFailedException(request.Program, LinuxErrno.ENOENT, $"the directory {dir} of its output file does not exist");
        int pid = networkNamespace is null ? SpawnHere(path, request) : networkNamespace.Run(() => SpawnHere(path, request));
        return new SpawnedProcess(pid, path);
    }

    /// <summary>
    /// The absolute path of <paramref name="program"/> (looked up on PATH when it has no '/'); the error names
    /// <paramref name="package"/>, the Debian package that provides it, when given.
    /// </summary>
    public static string Resolve(string program, string? package = null)
    {
        if (string.IsNullOrEmpty(program))
            throw new ArgumentException("no program given", nameof(program));
        if (program.Contains('/'))
            return File.Exists(program) ? program : throw new ProgramNotFoundException(program, ProgramNotFoundException.InstallHint(package));
        string search = System.Environment.GetEnvironmentVariable("PATH") is { Length: > 0 } p ? $"{p}:{DefaultPath}" : DefaultPath;
        foreach (string directory in search.Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(directory, program);
            if (File.Exists(candidate))
                return candidate;
        }
        throw new ProgramNotFoundException(program, ProgramNotFoundException.InstallHint(package) ?? $"install it or put it on PATH ({search})");
    }

    private static void CheckFiles(SpawnRequest request)
    {
        var seen = new HashSet<int>();
        foreach (var file in request.Files)
        {
            if (file.TargetFd < 3)
                throw new ArgumentException($"fd {file.TargetFd} for {request.Program}: 0-2 are stdin/stdout/stderr; pick 3 or above", nameof(request));
            if (!seen.Add(file.TargetFd))
                throw new ArgumentException($"fd {file.TargetFd} for {request.Program} is given twice", nameof(request));
            if (file.Handle.IsInvalid || file.Handle.IsClosed)
                throw new ObjectDisposedException($"the file for fd {file.TargetFd} of {request.Program} is closed");
        }
    }

    private static unsafe int SpawnHere(string path, SpawnRequest request)
    {
        var files = request.Files;
        var added = new List<SafeHandle>(files.Count);
        var strings = new List<nint>();
        void* actions = NativeMemory.AllocZeroed(OpaqueSize);
        void* attributes = NativeMemory.AllocZeroed(OpaqueSize);
        void* signals = NativeMemory.AllocZeroed(OpaqueSize);
        bool actionsMade = false, attributesMade = false;
        try
        {
            var sources = new int[files.Count];
            for (int i = 0; i < files.Count; i++)
            {
                bool ok = false;
                files[i].Handle.DangerousAddRef(ref ok);
                added.Add(files[i].Handle);
                sources[i] = (int)files[i].Handle.DangerousGetHandle();
            }

            Check(Interop.Libc.PosixSpawnFileActionsInit(actions), request, "posix_spawn_file_actions_init");
            actionsMade = true;
            // Two steps, so no target number clobbers a source not yet copied (source of one = target of another):
            // each source is first copied to a staging number above every source and target, then to its target.
            // dup2 to a different number also clears FD_CLOEXEC, which dup2(fd, fd) would not.
            int maxTarget = files.Count == 0 ? 2 : files.Max(f => f.TargetFd);
            int staging = Math.Max(maxTarget, sources.DefaultIfEmpty(0).Max()) + 1;
            for (int i = 0; i < files.Count; i++)
                Check(Interop.Libc.PosixSpawnFileActionsAdddup2(actions, sources[i], staging + i), request, "adddup2");
            byte* devNull = Utf8("/dev/null", strings);
            Check(Interop.Libc.PosixSpawnFileActionsAddopen(actions, 0, devNull, Interop.OpenFlags.O_RDONLY, 0), request, "addopen stdin");
            byte* output = request.OutputPath is { } o ? Utf8(o, strings) : devNull;
            int outputFlags = request.OutputPath is null ? Interop.OpenFlags.O_WRONLY : Interop.OpenFlags.O_WRONLY | Interop.OpenFlags.O_CREAT | Interop.OpenFlags.O_APPEND;
            Check(Interop.Libc.PosixSpawnFileActionsAddopen(actions, 1, output, outputFlags, Convert.ToInt32("640", 8)), request, "addopen stdout");
            Check(Interop.Libc.PosixSpawnFileActionsAdddup2(actions, 1, 2), request, "adddup2 stderr");
            for (int i = 0; i < files.Count; i++)
                Check(Interop.Libc.PosixSpawnFileActionsAdddup2(actions, staging + i, files[i].TargetFd), request, "adddup2");
            // Everything else goes: fds the runtime opened without CLOEXEC, and the staging copies.
            Check(Interop.Libc.PosixSpawnFileActionsAddclosefromNp(actions, maxTarget + 1), request, "addclosefrom_np");

            Check(Interop.Libc.PosixSpawnattrInit(attributes), request, "posix_spawnattr_init");
            attributesMade = true;
            short flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF;
            if (request.NewSession)
                flags |= POSIX_SPAWN_SETSID;
            Check(Interop.Libc.PosixSpawnattrSetflags(attributes, flags), request, "posix_spawnattr_setflags");
            // The spawning thread's mask and the runtime's SIG_IGN dispositions (SIGPIPE) are not the program's.
            Interop.Libc.Sigemptyset(signals);
            Check(Interop.Libc.PosixSpawnattrSetsigmask(attributes, signals), request, "posix_spawnattr_setsigmask");
            Interop.Libc.Sigfillset(signals);
            Check(Interop.Libc.PosixSpawnattrSetsigdefault(attributes, signals), request, "posix_spawnattr_setsigdefault");

            byte** argv = Vector([path, .. request.Arguments], strings);
            byte** envp = Vector(request.Environment ?? [$"PATH={DefaultPath}", "LANG=C"], strings);
            int error = Interop.Libc.PosixSpawn(out int pid, Utf8(path, strings), actions, attributes, argv, envp);
            if (error != 0)
                throw error == LinuxErrno.ENOENT
                    ? new ProgramNotFoundException(request.Program)
                    : new SpawnFailedException(request.Program, error, Marshal.GetPInvokeErrorMessage(error));
            return pid;
        }
        finally
        {
            if (actionsMade)
                Interop.Libc.PosixSpawnFileActionsDestroy(actions);
            if (attributesMade)
                Interop.Libc.PosixSpawnattrDestroy(attributes);
            NativeMemory.Free(actions);
            NativeMemory.Free(attributes);
            NativeMemory.Free(signals);
            foreach (nint s in strings)
                NativeMemory.Free((void*)s);
            foreach (var handle in added)
                handle.DangerousRelease();
        }
    }

    private static void Check(int error, SpawnRequest request, string what)
    {
        if (error != 0)
            throw new SpawnFailedException(request.Program, error, $"{what}: {Marshal.GetPInvokeErrorMessage(error)}");
    }

    private static unsafe byte* Utf8(string text, List<nint> owned)
    {
        int length = Encoding.UTF8.GetByteCount(text);
        byte* buffer = (byte*)NativeMemory.Alloc((nuint)length + 1);
        owned.Add((nint)buffer);
        Encoding.UTF8.GetBytes(text, new Span<byte>(buffer, length));
        buffer[length] = 0;
        return buffer;
    }

    private static unsafe byte** Vector(IReadOnlyList<string> items, List<nint> owned)
    {
        byte** vector = (byte**)NativeMemory.AllocZeroed((nuint)(items.Count + 1), (nuint)sizeof(nint));
        owned.Add((nint)vector);
        for (int i = 0; i < items.Count; i++)
        {
            if (items[i].Contains('\0'))
                throw new ArgumentException("an argument or environment entry contains a NUL character");
            vector[i] = Utf8(items[i], owned);
        }
        return vector;
    }
}
