internal static partial class Interop
{
    /// <summary>Library names for [LibraryImport]; glibc exports everything we call from libc.so.6.</summary>
    internal static class Libraries
    {
        internal const string Libc = "libc";
    }
}
