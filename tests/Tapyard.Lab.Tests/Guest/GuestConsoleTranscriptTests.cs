using Tapyard.Lab.Guest;

namespace Tapyard.Lab.Tests.Guest;

public class GuestConsoleTranscriptTests
{
    private const string Id = "0123456789ab";

    [Fact]
    public void Qemu_arguments_put_the_console_on_a_socket_with_a_log_and_escape_commas()
    {
        Assert.Equal(
            ["-chardev", "socket,id=console,path=/run/x,,y/console.sock,server=on,wait=off,logfile=/run/x,,y/console.log", "-serial", "chardev:console"],
            GuestConsole.QemuArguments("/run/x,y"));
    }

    [Fact]
    public void The_wrapped_line_never_contains_the_joined_markers()
    {
        string line = GuestConsoleTranscript.Wrap("ip -o link", Id);
        Assert.DoesNotContain(GuestConsoleTranscript.BeginMarker(Id), line);
        Assert.DoesNotContain(GuestConsoleTranscript.EndMarkerPrefix(Id), line);
        Assert.EndsWith("\n", line);
        Assert.Single(line.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void A_multi_line_command_is_refused() =>
        Assert.Throws<ArgumentException>(() => GuestConsoleTranscript.Wrap("echo a\necho b", Id));

    [Fact]
    public void Output_is_extracted_from_between_the_markers_without_echo_prompt_or_carriage_returns()
    {
        // What a tty with echo on shows: the prompt, the echoed line (with a line-editor redraw), then the output.
        string transcript =
            "tapyard-guest# echo \"TYB\"\"EGIN-0123456789ab\"; uname -r; echo \"TYE\"\"ND-0123456789ab-$?\"\r\n\x1b[K" +
            "TYBEGIN-0123456789ab\r\n6.1.0-56-amd64\r\nline two\r\nTYEND-0123456789ab-0\r\ntapyard-guest# ";

        var result = GuestConsoleTranscript.Extract(transcript, Id);

        Assert.Equal(new GuestCommandResult(0, "6.1.0-56-amd64\nline two"), result);
    }

    [Fact]
    public void With_echo_off_the_begin_marker_follows_the_prompt_on_its_line()
    {
        string transcript = "tapyard-guest# TYBEGIN-0123456789ab\r\nno such file\r\nTYEND-0123456789ab-127\r\ntapyard-guest# ";
        Assert.Equal(new GuestCommandResult(127, "no such file"), GuestConsoleTranscript.Extract(transcript, Id));
    }

    [Fact]
    public void Output_without_a_final_newline_and_empty_output_are_kept()
    {
        Assert.Equal(new GuestCommandResult(0, "abc"), GuestConsoleTranscript.Extract("TYBEGIN-0123456789ab\r\nabcTYEND-0123456789ab-0\r\n", Id));
        Assert.Equal(new GuestCommandResult(1, ""), GuestConsoleTranscript.Extract("TYBEGIN-0123456789ab\r\nTYEND-0123456789ab-1\r\n", Id));
    }

    [Fact]
    public void An_unfinished_command_or_another_commands_markers_give_nothing_yet()
    {
        Assert.Null(GuestConsoleTranscript.Extract("TYBEGIN-0123456789ab\r\npartial output\r\n", Id));
        Assert.Null(GuestConsoleTranscript.Extract("TYBEGIN-0123456789ab\r\nout\r\nTYEND-0123456789ab-0", Id)); // status may still grow
        Assert.Null(GuestConsoleTranscript.Extract("TYBEGIN-ffffffffffff\r\nx\r\nTYEND-ffffffffffff-0\r\n", Id));
    }

    [Fact]
    public void Busybox_ping_summary_is_parsed()
    {
        string output = """
            PING 198.51.100.1 (198.51.100.1): 56 data bytes
            64 bytes from 198.51.100.1: seq=0 ttl=64 time=1.234 ms
            64 bytes from 198.51.100.1: seq=2 ttl=64 time=0.9 ms

            --- 198.51.100.1 ping statistics ---
            3 packets transmitted, 2 packets received, 33% packet loss
            round-trip min/avg/max = 0.900/1.067/1.234 ms
            """;
        var result = GuestConsoleTranscript.ParsePing(output);
        Assert.Equal(new GuestPingResult(3, 2), result);
        Assert.Equal(1, result!.Lost);
    }

    [Fact]
    public void Ping_without_a_summary_gives_null() =>
        Assert.Null(GuestConsoleTranscript.ParsePing("ping: sendto: Network is unreachable"));

    [Fact]
    public void Interfaces_are_parsed_from_sysfs_lines_and_ip_addr()
    {
        string output =
            "eth0 52:54:00:aa:bb:cc up 2 2\r\n" +
            "eth1 52:54:00:aa:bb:cd down 1 1\r\n" +
            "lo 00:00:00:00:00:00 unknown 1 1\r\n" +
            "--\r\n" +
            "1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever\r\n" +
            "2: eth0    inet 198.51.100.10/24 scope global eth0\\       valid_lft forever preferred_lft forever\r\n" +
            "2: eth0    inet 203.0.113.5/25 scope global eth0\\       valid_lft forever preferred_lft forever\r\n";

        var interfaces = GuestConsoleTranscript.ParseInterfaces(output);

        Assert.Equal(3, interfaces.Count);
        var eth0 = interfaces[0];
        Assert.Equal(("eth0", "52:54:00:aa:bb:cc", "up", 2, 2), (eth0.Name, eth0.Mac, eth0.OperState, eth0.RxQueues, eth0.TxQueues));
        Assert.Equal(["198.51.100.10/24", "203.0.113.5/25"], eth0.Ipv4);
        Assert.Empty(interfaces[1].Ipv4);
        Assert.Equal(["127.0.0.1/8"], interfaces[2].Ipv4);
    }

    [Fact]
    public void An_interface_listing_without_separator_is_refused() =>
        Assert.Throws<FormatException>(() => GuestConsoleTranscript.ParseInterfaces("eth0 52:54:00:aa:bb:cc up 1 1"));
}
