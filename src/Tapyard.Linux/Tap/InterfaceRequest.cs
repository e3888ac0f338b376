using System.Runtime.InteropServices;
using System.Text;

namespace Tapyard.Linux.Tap;

/// <summary>struct ifreq as TUNSETIFF/TUNGETIFF use it: the name, then ifr_flags in the union.</summary>
[StructLayout(LayoutKind.Explicit, Size = 40)]
internal unsafe struct InterfaceRequest
{
    private const int NameSize = 16;

    [FieldOffset(0)] private fixed byte _name[NameSize];
    [FieldOffset(16)] public short Flags;

    public string Name
    {
        get
        {
            fixed (byte* name = _name)
            {
                var bytes = new ReadOnlySpan<byte>(name, NameSize);
                int end = bytes.IndexOf((byte)0);
                return Encoding.UTF8.GetString(end < 0 ? bytes : bytes[..end]);
            }
        }
        set
        {
            fixed (byte* name = _name)
            {
                var bytes = new Span<byte>(name, NameSize);
                bytes.Clear();
                // Callers validated the name (at most 15 bytes), so the NUL terminator always fits.
                Encoding.UTF8.GetBytes(value, bytes[..(NameSize - 1)]);
            }
        }
    }
}
