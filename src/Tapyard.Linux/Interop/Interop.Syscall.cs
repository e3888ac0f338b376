using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>
        /// syscall(2) for bpf(2), which glibc does not wrap. libc's syscall is variadic; declaring it
        /// with fixed arguments is sound on x86-64 glibc: the SysV ABI passes the first six integer
        /// and pointer arguments in the same registers for variadic and fixed calls, and glibc's
        /// syscall is an assembly stub that only moves those registers (it never reads %al or va_args).
        /// </summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "syscall", SetLastError = true)]
        internal static unsafe partial long Syscall(long number, int command, void* attributes, uint size);
    }
}
