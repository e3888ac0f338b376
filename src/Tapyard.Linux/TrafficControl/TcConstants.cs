namespace Tapyard.Linux.TrafficControl;

/// <summary>tc handles and attribute numbers (linux/pkt_sched.h, linux/pkt_cls.h, linux/rtnetlink.h).</summary>
public static class TcConstants
{
    /// <summary>TC_H_CLSACT (= TC_H_INGRESS): the parent of the clsact and ingress qdiscs.</summary>
    public const uint ClsactParent = 0xFFFF_FFF1;

    /// <summary>The handle both clsact and ingress take: ffff:0.</summary>
    public const uint ClsactHandle = 0xFFFF_0000;

    /// <summary>ffff:fff2 (TC_H_MIN_INGRESS) and ffff:fff3 (TC_H_MIN_EGRESS): where clsact filters attach.</summary>
    public const uint IngressFilterParent = 0xFFFF_FFF2;
    public const uint EgressFilterParent = 0xFFFF_FFF3;

    /// <summary>htons(ETH_P_ALL) as the low 16 bits of tcm_info: the filter sees every protocol.</summary>
    public const ushort AllProtocolsNetworkOrder = 0x0300;

    /// <summary>The cls_bpf handle Tapyard gives its filters, so a second add at a priority replaces the first in place.</summary>
    public const uint BpfFilterHandle = 1;

    public const string ClsactKind = "clsact";
    public const string IngressKind = "ingress";
    public const string BpfKind = "bpf";

    // TCA_*
    public const ushort Kind = 1;
    public const ushort Options = 2;

    // TCA_BPF_*
    public const ushort BpfFd = 6;
    public const ushort BpfName = 7;
    public const ushort BpfFlags = 8;
    public const ushort BpfId = 11;

    public const uint BpfFlagDirectAction = 1;

    public static uint FilterParent(TcHook hook) => hook == TcHook.Ingress ? IngressFilterParent : EgressFilterParent;

    public static string Name(TcHook hook) => hook == TcHook.Ingress ? "ingress" : "egress";
}
