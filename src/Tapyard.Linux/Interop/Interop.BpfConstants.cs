internal static partial class Interop
{
    /// <summary>bpf(2) numbers (linux/bpf.h, asm/unistd_64.h).</summary>
    internal static class BpfConstants
    {
        /// <summary>
        /// __NR_bpf on x86-64, the only architecture Tapyard runs on (arm64 uses 280, i386 357):
        /// syscall numbers differ per architecture, unlike the bpf commands below.
        /// </summary>
        internal const long SYS_bpf = 321;

        internal const int BPF_PROG_LOAD = 5;
        internal const int BPF_OBJ_GET_INFO_BY_FD = 15;

        internal const uint BPF_PROG_TYPE_SCHED_CLS = 3;

        /// <summary>The size of union bpf_attr we pass: larger than every field we set, and the kernel accepts any size whose extra bytes are zero.</summary>
        internal const int AttributeSize = 128;
    }
}
