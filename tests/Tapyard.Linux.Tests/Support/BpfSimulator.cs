using Tapyard.Linux.Bpf;

namespace Tapyard.Linux.Tests.Support;

/// <summary>
/// Runs Tapyard's tc programs on a pretend skb, instruction by instruction, with the three helpers
/// they call stubbed: enough to check what each program does with tagged and untagged frames,
/// and that every jump lands where it should, without a kernel.
/// </summary>
internal static class BpfSimulator
{
    private const long Context = 0x5eb0_0000;
    private const long Clobbered = 0x0dead;
    public const long RedirectVerdict = 7; // TC_ACT_REDIRECT, what bpf_redirect returns

    public sealed class Frame
    {
        public bool VlanPresent { get; set; }
        public ushort VlanTci { get; set; }
        public bool PushFails { get; init; }
        public bool PopFails { get; init; }
    }

    public sealed record Outcome(long Verdict, IReadOnlyList<string> Calls, int? RedirectedTo, Frame Frame);

    public static Outcome Run(BpfInstruction[] program, Frame frame)
    {
        var r = new long[11];
        r[1] = Context;
        var calls = new List<string>();
        int? redirect = null;
        for (int pc = 0, steps = 0; ; pc++, steps++)
        {
            if (pc < 0 || pc >= program.Length)
                throw new Xunit.Sdk.XunitException($"execution ran off the program at instruction {pc}");
            if (steps > 1000)
                throw new Xunit.Sdk.XunitException("the program loops");
            var i = program[pc];
            int dst = (int)i.Destination, src = (int)i.Source;
            switch (i.Opcode)
            {
                case BpfInstruction.OpMoveRegister64: r[dst] = r[src]; break;
                case BpfInstruction.OpMoveImmediate64: r[dst] = i.Immediate; break;
                case BpfInstruction.OpAndImmediate64: r[dst] &= i.Immediate; break;
                case BpfInstruction.OpLoadWord:
                    Assert.True(r[src] == Context, $"instruction {pc} reads through R{src}, which is not the skb");
                    r[dst] = i.Offset switch
                    {
                        SkBuffField.VlanPresent => frame.VlanPresent ? 1 : 0,
                        SkBuffField.VlanTci => frame.VlanTci,
                        _ => throw new Xunit.Sdk.XunitException($"instruction {pc} reads unknown __sk_buff offset {i.Offset}"),
                    };
                    break;
                case BpfInstruction.OpJumpIfEqualImmediate: if (r[dst] == i.Immediate) pc += i.Offset; break;
                case BpfInstruction.OpJumpIfNotEqualImmediate: if (r[dst] != i.Immediate) pc += i.Offset; break;
                case BpfInstruction.OpCall:
                    switch ((BpfHelper)i.Immediate)
                    {
                        case BpfHelper.SkbVlanPush:
                            Assert.True(r[1] == Context, "vlan_push is not given the skb");
                            Assert.Equal(0x0081, r[2]); // htons(ETH_P_8021Q)
                            calls.Add($"push {r[3]}");
                            if (!frame.PushFails)
                            {
                                frame.VlanPresent = true;
                                frame.VlanTci = (ushort)r[3];
                            }
                            r[0] = frame.PushFails ? -22 : 0;
                            break;
                        case BpfHelper.SkbVlanPop:
                            Assert.True(r[1] == Context, "vlan_pop is not given the skb");
                            calls.Add("pop");
                            if (!frame.PopFails)
                                frame.VlanPresent = false;
                            r[0] = frame.PopFails ? -22 : 0;
                            break;
                        case BpfHelper.Redirect:
                            Assert.Equal(0, r[2]); // egress
                            calls.Add($"redirect {r[1]}");
                            redirect = (int)r[1];
                            r[0] = RedirectVerdict;
                            break;
                        default:
                            throw new Xunit.Sdk.XunitException($"instruction {pc} calls unexpected helper {i.Immediate}");
                    }
                    for (int k = 1; k <= 5; k++)
                        r[k] = Clobbered;
                    break;
                case BpfInstruction.OpExit:
                    return new Outcome(r[0], calls, redirect, frame);
                default:
                    throw new Xunit.Sdk.XunitException($"instruction {pc} has an opcode the simulator does not know: {i}");
            }
        }
    }
}
