using System.Net.Sockets;
using System.Runtime.InteropServices;
using Tapyard.Linux.Errors;
using Tapyard.Linux.Links;
using Tapyard.Linux.Netlink;
using Tapyard.Linux.Tests.Support;

namespace Tapyard.Linux.Tests.Netlink;

/// <summary>A socket stays usable after an exchange fails half way, and is not leaked when opening it fails.</summary>
[Trait("Category", "Kernel")]
public sealed class NetlinkSocketRecoveryTests
{
    private static NetlinkMessageWriter LinkDump()
    {
        var request = new NetlinkMessageWriter(64);
        LinkRequests.Dump(request, null);
        return request;
    }

    /// <summary>
    /// Enough links that the dump spans several reads: the kernel keeps the unfinished dump and
    /// refuses the next with EBUSY unless the first is read to its end.
    /// </summary>
    [Fact]
    public void A_dump_whose_handler_throws_leaves_the_socket_usable_for_the_next_dump()
    {
        using var ns = TestNamespace.Create("dumpthrow");
        var links = ns.Netlink.Links;
        links.Create(new VethLinkSpec { Name = "up0", PeerName = "up0p" });
        links.CreateMany(Enumerable.Range(0, 80).Select(i => (LinkSpec)new MacvlanLinkSpec { Name = $"mt{i}", Lower = "up0" }).ToList());
        using var socket = ns.Namespace.OpenNetlinkSocket();
        var request = LinkDump();
        int calls = 0;

        var e = Assert.Throws<InvalidOperationException>(() => socket.Dump(request, "listing links", _ =>
        {
            calls++;
            throw new InvalidOperationException("test: handler fails on the first link");
        }));

        Assert.Equal("test: handler fails on the first link", e.Message);
        Assert.Equal(1, calls);
        var names = new List<string>();
        Assert.True(socket.Dump(request, "listing links", message =>
        {
            if (message.Type == NetlinkMessageType.NewLink)
                names.Add(LinkMessageParser.Parse(message).Name);
        }));
        Assert.Equal(83, names.Count);
    }

    [Fact]
    public void A_batch_whose_handler_throws_reads_every_reply_before_rethrowing()
    {
        using var ns = TestNamespace.Create("execthrow");
        using var socket = ns.Namespace.OpenNetlinkSocket();
        int calls = 0;
        var outcomes = new int[3];
        Array.Fill(outcomes, -1);

        Assert.Throws<InvalidOperationException>(() => socket.Execute(w =>
        {
            LinkRequests.Get(w, 0, "lo");
            LinkRequests.Get(w, 0, "nosuch0");
            LinkRequests.Get(w, 0, "lo");
        }, "reading devices", _ => { calls++; throw new InvalidOperationException("test"); }, outcomes));

        Assert.Equal(1, calls);
        Assert.Equal([0, LinuxErrno.ENODEV, 0], outcomes);
        var e = Assert.Throws<NetlinkException>(() => socket.Execute(w =>
        {
            LinkRequests.Get(w, 0, "lo");
            LinkRequests.Get(w, 0, "nosuch0");
        }, "reading devices"));
        Assert.Equal(1, e.MessageIndex);
        Assert.Equal(LinuxErrno.ENODEV, e.Errno);
    }

    [Fact]
    public void A_socket_whose_options_cannot_be_set_is_closed_and_the_error_is_typed()
    {
        using var ns = TestNamespace.Create("openfail");
        SafeHandle? handle = null;

        var e = Assert.Throws<SystemCallException>(() => ns.Namespace.Run(() => NetlinkSocket.OpenRoute(socket =>
        {
            handle = socket.SafeHandle;
            throw new SocketException((int)SocketError.InvalidArgument);
        })));

        Assert.StartsWith("opening a rtnetlink socket (setting its options): ", e.Message);
        Assert.NotNull(handle);
        Assert.True(handle.IsClosed);
    }

    [Fact]
    public void The_reply_timeout_is_set_on_the_socket_and_must_be_positive()
    {
        using var ns = TestNamespace.Create("timeout");
        using var socket = ns.Namespace.OpenNetlinkSocket();

        Assert.Equal(NetlinkSocket.DefaultReplyTimeout, socket.ReplyTimeout);
        socket.ReplyTimeout = TimeSpan.FromSeconds(5);
        Assert.Equal(TimeSpan.FromSeconds(5), socket.ReplyTimeout);
        Assert.Throws<ArgumentOutOfRangeException>(() => socket.ReplyTimeout = TimeSpan.Zero);
    }
}
