using Tapyard.Linux.Errors;
using static Tapyard.Linux.Bpf.BpfInstruction;

namespace Tapyard.Linux.Bpf;

/// <summary>
/// The tc programs (BPF_PROG_TYPE_SCHED_CLS, direct action) that make 802.1Q VLANs on a kernel
/// without the 8021q driver or bridge VLAN filtering. A received tag is already in the skb's
/// metadata when tc ingress runs (the receive path untags before tc), so the programs test
/// __sk_buff.vlan_present / vlan_tci and push and pop with the helpers, never touching frame bytes.
/// Each returns its instructions; load them with <see cref="BpfProgram.LoadSchedCls"/>.
/// </summary>
public static class VlanPrograms
{
    public const int FirstVlan = 1;
    public const int LastVlan = 4094;

    /// <summary>htons(ETH_P_8021Q) as a register value on a little-endian machine: the helper takes the protocol in network order.</summary>
    private const int EthernetType8021QNetworkOrder = 0x0081;

    private const int VlanIdMask = 0xfff;

    /// <summary>
    /// On a sub-interface's veth peer (ingress: what the sub-interface sent): tag it and send it out of the parent.
    /// <code>
    /// if (bpf_skb_vlan_push(skb, htons(ETH_P_8021Q), vlan) != 0) return TC_ACT_SHOT;
    /// return bpf_redirect(parentIndex, 0);   // 0: out of (egress) the parent
    /// </code>
    /// </summary>
    public static BpfInstruction[] TagAndRedirect(ushort vlan, int parentIndex)
    {
        Validate(vlan);
        return PushVlan(new BpfProgramBuilder(), vlan, "drop")
            .Add(MoveImmediate(BpfRegister.R1, parentIndex))
            .Add(MoveImmediate(BpfRegister.R2, 0))
            .Add(Call(BpfHelper.Redirect))
            .Add(Exit())                                           // bpf_redirect's verdict
            .Label("drop").Return(TcAction.Shot)
            .Build();
    }

    /// <summary>
    /// On the parent (ingress: what the wire sent), one per VLAN: a frame of this VLAN goes untagged
    /// to the sub-interface's peer, which hands it to the sub-interface; anything else to the next filter.
    /// <code>
    /// if (!skb->vlan_present || (skb->vlan_tci &amp; 0xfff) != vlan) return TC_ACT_UNSPEC;
    /// if (bpf_skb_vlan_pop(skb) != 0) return TC_ACT_SHOT;
    /// return bpf_redirect(peerIndex, 0);     // out of the peer, into the sub-interface
    /// </code>
    /// </summary>
    public static BpfInstruction[] UntagAndRedirect(ushort vlan, int peerIndex)
    {
        Validate(vlan);
        return PopVlan(new BpfProgramBuilder(), vlan, otherwise: "other", failed: "drop")
            .Add(MoveImmediate(BpfRegister.R1, peerIndex))
            .Add(MoveImmediate(BpfRegister.R2, 0))
            .Add(Call(BpfHelper.Redirect))
            .Add(Exit())
            .Label("drop").Return(TcAction.Shot)
            .Label("other").Return(TcAction.Unspecified)
            .Build();
    }

    /// <summary>
    /// On an access port (a bridged tap's ingress: what the guest sent): tag it and let it go on
    /// (later filters, such as the shaping redirect, still run; then the bridge forwards it tagged).
    /// A frame the guest tagged itself is dropped, as an access port does: pushed over the guest's
    /// tag it would leave double-tagged, its inner tag untouched by the anti-spoofing rules (which
    /// match on the outer protocol) and popped into another guest's VLAN on the far side.
    /// <code>
    /// if (skb->vlan_present) return TC_ACT_SHOT;
    /// if (bpf_skb_vlan_push(skb, htons(ETH_P_8021Q), vlan) != 0) return TC_ACT_SHOT;
    /// return TC_ACT_UNSPEC;
    /// </code>
    /// </summary>
    public static BpfInstruction[] TagIngress(ushort vlan)
    {
        Validate(vlan);
        var program = new BpfProgramBuilder()
            .Add(LoadWord(BpfRegister.R2, BpfRegister.R1, SkBuffField.VlanPresent))
            .JumpIfNotEqual(BpfRegister.R2, 0, "drop");
        return PushVlan(program, vlan, "drop")
            .Return(TcAction.Unspecified)
            .Label("drop").Return(TcAction.Shot)
            .Build();
    }

    /// <summary>
    /// On an access port (a bridged tap's egress: what goes to the guest): only this VLAN's frames
    /// pass, untagged; every other frame, tagged or not, is dropped.
    /// <code>
    /// if (!skb->vlan_present || (skb->vlan_tci &amp; 0xfff) != vlan) return TC_ACT_SHOT;
    /// if (bpf_skb_vlan_pop(skb) != 0) return TC_ACT_SHOT;
    /// return TC_ACT_UNSPEC;
    /// </code>
    /// </summary>
    public static BpfInstruction[] UntagOnly(ushort vlan)
    {
        Validate(vlan);
        return PopVlan(new BpfProgramBuilder(), vlan, otherwise: "drop", failed: "drop")
            .Return(TcAction.Unspecified)
            .Label("drop").Return(TcAction.Shot)
            .Build();
    }

    /// <summary>
    /// On an untagged bridged tap, both hooks: tagged frames are dropped, so the guest can neither
    /// hop into a VLAN by tagging its frames nor receive another VLAN's.
    /// <code>
    /// if (skb->vlan_present) return TC_ACT_SHOT;
    /// return TC_ACT_UNSPEC;
    /// </code>
    /// </summary>
    public static BpfInstruction[] DropTagged() => new BpfProgramBuilder()
        .Add(LoadWord(BpfRegister.R2, BpfRegister.R1, SkBuffField.VlanPresent))
        .JumpIfNotEqual(BpfRegister.R2, 0, "drop")
        .Return(TcAction.Unspecified)
        .Label("drop").Return(TcAction.Shot)
        .Build();

    /// <summary>
    /// <code>if (bpf_skb_vlan_push(skb, htons(ETH_P_8021Q), vlan) != 0) goto failed;</code>
    /// Where r1 is still the skb.
    /// </summary>
    private static BpfProgramBuilder PushVlan(BpfProgramBuilder program, ushort vlan, string failed) => program
        .Add(MoveImmediate(BpfRegister.R2, EthernetType8021QNetworkOrder))
        .Add(MoveImmediate(BpfRegister.R3, vlan))
        .Add(Call(BpfHelper.SkbVlanPush))
        .JumpIfNotEqual(BpfRegister.R0, 0, failed);

    /// <summary>
    /// <code>
    /// if (!skb->vlan_present || (skb->vlan_tci &amp; 0xfff) != vlan) goto otherwise;
    /// if (bpf_skb_vlan_pop(skb) != 0) goto failed;
    /// </code>
    /// At the program's start; keeps the skb in r6 across the call.
    /// </summary>
    private static BpfProgramBuilder PopVlan(BpfProgramBuilder program, ushort vlan, string otherwise, string failed) => program
        .Add(MoveRegister(BpfRegister.R6, BpfRegister.R1))
        .Add(LoadWord(BpfRegister.R2, BpfRegister.R6, SkBuffField.VlanPresent))
        .JumpIfEqual(BpfRegister.R2, 0, otherwise)
        .Add(LoadWord(BpfRegister.R2, BpfRegister.R6, SkBuffField.VlanTci))
        .Add(AndImmediate(BpfRegister.R2, VlanIdMask))
        .JumpIfNotEqual(BpfRegister.R2, vlan, otherwise)
        .Add(MoveRegister(BpfRegister.R1, BpfRegister.R6))
        .Add(Call(BpfHelper.SkbVlanPop))
        .JumpIfNotEqual(BpfRegister.R0, 0, failed);

    /// <summary>Refuses VLAN 0 (priority tagging) and 4095 (reserved) before anything is built.</summary>
    public static void Validate(ushort vlan, string device = "a VLAN tc program")
    {
        if (vlan is < FirstVlan or > LastVlan)
            throw new InvalidVlanIdException(device, vlan);
    }
}
