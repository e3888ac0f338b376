namespace Tapyard.Hypervisors.Libvirt;

/// <summary>The &lt;interface type='...'&gt; values Tapyard writes.</summary>
public enum LibvirtInterfaceType
{
    /// <summary>type='direct': libvirt creates a macvtap on &lt;source dev&gt;.</summary>
    Direct,
    /// <summary>type='bridge': libvirt creates a tap and enslaves it to a Linux or Open vSwitch bridge.</summary>
    Bridge,
    /// <summary>type='ethernet': a tap (or, with managed='no', any device Tapyard made) and nothing else.</summary>
    Ethernet,
}
