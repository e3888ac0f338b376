using Tapyard.Linux.Bpf;
using Tapyard.Linux.Errors;
using Tapyard.Linux.Tests.Support;
using Frame = Tapyard.Linux.Tests.Support.BpfSimulator.Frame;

namespace Tapyard.Linux.Tests.Bpf;

/// <summary>What each VLAN program does with tagged, other-VLAN and untagged frames, run in <see cref="BpfSimulator"/>.</summary>
public sealed class VlanProgramTests
{
    private static Frame Tagged(ushort tci) => new() { VlanPresent = true, VlanTci = tci };

    [Fact]
    public void Tag_and_redirect_pushes_the_vlan_and_sends_out_of_the_parent()
    {
        var outcome = BpfSimulator.Run(VlanPrograms.TagAndRedirect(10, 42), new Frame());
        Assert.Equal(["push 10", "redirect 42"], outcome.Calls);
        Assert.Equal(BpfSimulator.RedirectVerdict, outcome.Verdict);
        Assert.True(outcome.Frame.VlanPresent);
        var failed = BpfSimulator.Run(VlanPrograms.TagAndRedirect(10, 42), new Frame { PushFails = true });
        Assert.Equal(TcAction.Shot, failed.Verdict);
        Assert.Null(failed.RedirectedTo);
    }

    [Fact]
    public void Untag_and_redirect_takes_only_its_vlan_and_passes_everything_else_on()
    {
        var program = VlanPrograms.UntagAndRedirect(10, 7);
        var mine = BpfSimulator.Run(program, Tagged(10));
        Assert.Equal(["pop", "redirect 7"], mine.Calls);
        Assert.False(mine.Frame.VlanPresent);
        // Priority bits above the VLAN id do not matter.
        Assert.Equal(7, BpfSimulator.Run(program, Tagged(0xa00a)).RedirectedTo);
        foreach (var other in new[] { Tagged(20), new Frame() })
        {
            var outcome = BpfSimulator.Run(program, other);
            Assert.Equal(TcAction.Unspecified, outcome.Verdict);
            Assert.Empty(outcome.Calls);
        }
        Assert.Equal(TcAction.Shot, BpfSimulator.Run(program, new Frame { VlanPresent = true, VlanTci = 10, PopFails = true }).Verdict);
    }

    [Fact]
    public void Tag_ingress_tags_and_leaves_the_verdict_to_later_filters()
    {
        var outcome = BpfSimulator.Run(VlanPrograms.TagIngress(4094), new Frame());
        Assert.Equal(["push 4094"], outcome.Calls);
        Assert.Equal(TcAction.Unspecified, outcome.Verdict);
        Assert.Equal(TcAction.Shot, BpfSimulator.Run(VlanPrograms.TagIngress(4094), new Frame { PushFails = true }).Verdict);
    }

    [Fact]
    public void Tag_ingress_drops_a_frame_the_guest_tagged_itself()
    {
        var outcome = BpfSimulator.Run(VlanPrograms.TagIngress(10), new Frame { VlanPresent = true, VlanTci = 20 });
        Assert.Equal(TcAction.Shot, outcome.Verdict);
        Assert.Empty(outcome.Calls);
    }

    [Fact]
    public void Untag_only_lets_its_vlan_through_untagged_and_drops_the_rest()
    {
        var program = VlanPrograms.UntagOnly(20);
        var mine = BpfSimulator.Run(program, Tagged(20));
        Assert.Equal(TcAction.Unspecified, mine.Verdict);
        Assert.Equal(["pop"], mine.Calls);
        Assert.False(mine.Frame.VlanPresent);
        Assert.Equal(TcAction.Shot, BpfSimulator.Run(program, Tagged(10)).Verdict);
        Assert.Equal(TcAction.Shot, BpfSimulator.Run(program, new Frame()).Verdict);
    }

    [Fact]
    public void Drop_tagged_drops_tagged_frames_only()
    {
        Assert.Equal(TcAction.Shot, BpfSimulator.Run(VlanPrograms.DropTagged(), Tagged(1)).Verdict);
        var untagged = BpfSimulator.Run(VlanPrograms.DropTagged(), new Frame());
        Assert.Equal(TcAction.Unspecified, untagged.Verdict);
        Assert.Empty(untagged.Calls);
    }

    [Fact]
    public void Every_jump_lands_on_the_instruction_it_means()
    {
        // UntagAndRedirect: "not ours" jumps land on r0 = TC_ACT_UNSPEC, a failed pop on r0 = TC_ACT_SHOT.
        var untag = VlanPrograms.UntagAndRedirect(10, 7);
        var jumps = untag.Select((instruction, at) => (instruction, at)).Where(j => j.instruction.IsConditionalJump).ToList();
        Assert.Equal(3, jumps.Count);
        BpfInstruction Target((BpfInstruction instruction, int at) jump) => untag[jump.at + 1 + jump.instruction.Offset];
        Assert.Equal(BpfInstruction.MoveImmediate(BpfRegister.R0, TcAction.Unspecified), Target(jumps[0]));
        Assert.Equal(BpfInstruction.MoveImmediate(BpfRegister.R0, TcAction.Unspecified), Target(jumps[1]));
        Assert.Equal(BpfInstruction.MoveImmediate(BpfRegister.R0, TcAction.Shot), Target(jumps[2]));
        foreach (var program in AllPrograms())
        {
            for (int at = 0; at < program.Length; at++)
            {
                if (!program[at].IsConditionalJump)
                    continue;
                int target = at + 1 + program[at].Offset;
                Assert.InRange(target, at + 1, program.Length - 1);
            }
            Assert.Equal(BpfInstruction.Exit(), program[^1]);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4095)]
    [InlineData(65535)]
    public void A_vlan_outside_1_to_4094_is_refused_by_every_program(int vlan)
    {
        ushort id = (ushort)vlan;
        Action[] builds =
        [
            () => VlanPrograms.TagAndRedirect(id, 2), () => VlanPrograms.UntagAndRedirect(id, 2),
            () => VlanPrograms.TagIngress(id), () => VlanPrograms.UntagOnly(id),
        ];
        foreach (var build in builds)
        {
            var e = Assert.Throws<InvalidVlanIdException>(build);
            Assert.Equal($"VLAN id {vlan} for a VLAN tc program is out of range; use 1..4094", e.Message);
        }
    }

    internal static IEnumerable<BpfInstruction[]> AllPrograms() =>
    [
        VlanPrograms.TagAndRedirect(1, 3), VlanPrograms.UntagAndRedirect(4094, 3),
        VlanPrograms.TagIngress(10), VlanPrograms.UntagOnly(10), VlanPrograms.DropTagged(),
    ];
}
