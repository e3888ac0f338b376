namespace Tapyard.Lab.Guest;

/// <summary>
/// The guest's /init, a busybox sh script: mounts, loads the virtio-net modules, configures every NIC
/// named on the kernel command line (<see cref="GuestKernelCommandLine"/>) by MAC, prints
/// <see cref="ReadyLine"/>, keeps configuring NICs that appear later (hot-plug) once a second, and runs
/// a shell on the serial console forever.
/// </summary>
public static class GuestInit
{
    /// <summary>Printed on the console once the NICs present at boot are configured.</summary>
    public const string ReadyLine = "TAPYARD-GUEST-READY";

    /// <summary>The shell's prompt; <see cref="GuestConsole"/> strips it from command output.</summary>
    public const string Prompt = "tapyard-guest# ";

    /// <summary>virtio-net and what it needs, in the order they must be loaded (PLATFORM.md); those built into the kernel are absent and skipped.</summary>
    public static readonly IReadOnlyList<string> Modules =
        ["virtio_ring", "virtio", "virtio_pci_modern_dev", "virtio_pci_legacy_dev", "virtio_pci", "failover", "net_failover", "virtio_net"];

    /// <summary>The script. Everything it reads from the command line was validated by GuestKernelCommandLine.</summary>
    public static string Script => $$"""
        #!/bin/busybox sh
        /bin/busybox mkdir -p /proc /sys /dev /tmp /run /sbin /usr/bin /usr/sbin
        /bin/busybox --install -s
        export PATH=/sbin:/bin:/usr/sbin:/usr/bin
        mount -t proc proc /proc
        mount -t sysfs sysfs /sys
        mount -t devtmpfs devtmpfs /dev 2>/dev/null
        # The initramfs has no /dev/console node, so the kernel started us without stdio: take the console now.
        exec 0</dev/console 1>/dev/console 2>&1
        mkdir -p /dev/pts
        mount -t devpts devpts /dev/pts
        # Kernel messages would interleave with command output on the console.
        dmesg -n 1
        for m in {{string.Join(' ', Modules)}}; do
          [ -f /lib/modules/$m.ko ] && insmod /lib/modules/$m.ko
        done
        ip link set lo up

        : > /run/nics
        gateway=
        for word in $(cat /proc/cmdline); do
          case "$word" in
            {{GuestKernelCommandLine.NicKey}}=*)
              v=${word#*=}
              mac=${v%%,*}
              addr=
              [ "$v" != "$mac" ] && addr=${v#*,}
              echo "$mac $addr" >> /run/nics ;;
            {{GuestKernelCommandLine.GatewayKey}}=*) gateway=${word#*=} ;;
            {{GuestKernelCommandLine.HostnameKey}}=*) hostname "${word#*=}" ;;
          esac
        done

        # Configures each interface whose MAC has a line in /run/nics, once (a marker per interface).
        configure() {
          for dev in /sys/class/net/*; do
            name=${dev##*/}
            # Keyed by ifindex: a NIC removed and another plugged under the same name is a new device.
            marker=/run/done-$(cat $dev/ifindex)
            [ -e $marker ] && continue
            mac=$(cat $dev/address)
            while read want addr; do
              [ "$want" = "$mac" ] || continue
              [ -n "$addr" ] && ip addr add $addr dev $name
              ip link set $name up
              touch $marker
            done < /run/nics
          done
          if [ -n "$gateway" ] && [ ! -e /run/done-gateway ]; then
            ip route add default via $gateway 2>/dev/null && touch /run/done-gateway
          fi
        }

        configure
        echo {{ReadyLine}}
        (while true; do sleep 1; configure; done) </dev/null >/dev/null 2>&1 &

        export PS1='{{Prompt}}'
        while true; do
          setsid cttyhack sh
          sleep 1
        done
        """ + "\n";
}
