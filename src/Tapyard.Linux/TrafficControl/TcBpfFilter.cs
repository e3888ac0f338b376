namespace Tapyard.Linux.TrafficControl;

/// <summary>One eBPF tc filter as the kernel reports it (RTM_GETTFILTER).</summary>
/// <param name="Name">The program's name as attached (TCA_BPF_NAME), e.g. "ty_vtag_10".</param>
/// <param name="ProgramId">The kernel's program id (TCA_BPF_ID), as BpfProgram.Id.</param>
/// <param name="DirectAction">Attached in direct-action mode: the program's return value is the verdict.</param>
public sealed record TcBpfFilter(TcHook Hook, ushort Priority, string Name, uint ProgramId, bool DirectAction);
