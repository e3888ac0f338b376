using Tapyard.Core.Nics;
using Tapyard.Hypervisors.Libvirt;
using static Tapyard.Hypervisors.Tests.Libvirt.LibvirtTestNics;

namespace Tapyard.Hypervisors.Tests.Libvirt;

public class LibvirtDomainXmlTests
{
    [Fact]
    public void A_whole_domain_with_direct_kernel_boot_and_a_unix_serial_console()
    {
        var instance = Instance(vcpus: 2);
        var domain = LibvirtInstanceDomain.Of(instance, [Nic(0, NicMode.Macvtap, "eth0", mvtap: MvtapMode.Vepa)],
            new LibvirtNicOptions { Instance = "ignored", Node = "n1" },
            new LibvirtKernelBoot("/img/vmlinuz", "/img/initrd.gz", "console=ttyS0 quiet"), LibvirtDomain.Qemu, "/run/t/web1.serial");
        Assert.Equal("""
            <domain type="qemu">
              <name>web1</name>
              <uuid>11111111-2222-3333-4444-555555555555</uuid>
              <memory unit="MiB">256</memory>
              <vcpu>2</vcpu>
              <os>
                <type arch="x86_64">hvm</type>
                <kernel>/img/vmlinuz</kernel>
                <initrd>/img/initrd.gz</initrd>
                <cmdline>console=ttyS0 quiet</cmdline>
              </os>
              <features>
                <acpi />
              </features>
              <on_poweroff>destroy</on_poweroff>
              <on_reboot>restart</on_reboot>
              <on_crash>destroy</on_crash>
              <devices>
                <interface type="direct">
                  <mac address="aa:00:00:00:00:01" />
                  <source dev="eth0" mode="vepa" />
                  <model type="virtio" />
                  <driver name="vhost" queues="2" />
                </interface>
                <serial type="unix">
                  <source mode="bind" path="/run/t/web1.serial" />
                  <target port="0" />
                </serial>
                <console type="unix">
                  <source mode="bind" path="/run/t/web1.serial" />
                  <target type="serial" port="0" />
                </console>
                <memballoon model="none" />
              </devices>
            </domain>

            """, LibvirtDomainXml.ToText(LibvirtDomainXml.Build(domain)));
    }

    [Fact]
    public void Without_kernel_and_socket_the_os_is_plain_and_the_console_a_pty()
    {
        var domain = LibvirtInstanceDomain.Of(Instance(), [], new LibvirtNicOptions { Instance = "web1", Node = "n1" });
        string text = LibvirtDomainXml.ToText(LibvirtDomainXml.Build(domain));
        Assert.Contains("<domain type=\"kvm\">", text);
        Assert.DoesNotContain("<kernel>", text);
        Assert.Contains("<serial type=\"pty\">", text);
        Assert.Contains("<console type=\"pty\">", text);
    }

    [Fact]
    public void Text_special_characters_are_escaped()
    {
        var domain = LibvirtInstanceDomain.Of(Instance(), [], new LibvirtNicOptions { Instance = "web1", Node = "n1" },
            new LibvirtKernelBoot("/k", null, "a=<b>&c"));
        Assert.Contains("<cmdline>a=&lt;b&gt;&amp;c</cmdline>", LibvirtDomainXml.ToText(LibvirtDomainXml.Build(domain)));
    }
}
