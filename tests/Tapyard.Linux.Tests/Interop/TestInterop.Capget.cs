using System.Runtime.InteropServices;

internal static partial class TestInterop
{
    internal static partial class Libc
    {
        /// <summary>capget(2); <paramref name="data"/> points at two <see cref="CapabilityData"/>.</summary>
        [LibraryImport(Interop.Libraries.Libc, EntryPoint = "capget", SetLastError = true)]
        internal static unsafe partial int Capget(CapabilityHeader* header, CapabilityData* data);
    }
}
