namespace Tapyard.Linux.Bpf;

/// <summary>The kernel helper functions Tapyard's programs call, by their ids (enum bpf_func_id, linux/bpf.h).</summary>
public enum BpfHelper
{
    /// <summary>long bpf_skb_vlan_push(skb, __be16 vlan_proto, u16 vlan_tci): 0 or a negative errno.</summary>
    SkbVlanPush = 18,

    /// <summary>long bpf_skb_vlan_pop(skb): 0 or a negative errno.</summary>
    SkbVlanPop = 19,

    /// <summary>long bpf_redirect(u32 ifindex, u64 flags): TC_ACT_REDIRECT; flags 0 sends out of (egress) the device.</summary>
    Redirect = 23,
}
