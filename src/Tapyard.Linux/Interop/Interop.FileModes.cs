internal static partial class Interop
{
    /// <summary>st_mode file types and permission bits (linux/stat.h), for stat(2) and mknod(2).</summary>
    internal static class FileModes
    {
        internal const uint S_IFMT = 0xF000;
        internal const uint S_IFCHR = 0x2000;
        internal const uint S_IRUSR_IWUSR = 0x180; // 0600
    }
}
