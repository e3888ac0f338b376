using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Tapyard.Linux.Bpf;

/// <summary>
/// One eBPF instruction as the kernel reads it (struct bpf_insn, 8 bytes): opcode, destination and
/// source registers in one byte (dst in the low nibble), a signed 16-bit offset (memory offset, or
/// jump distance counted in instructions from the next one) and a signed 32-bit immediate.
/// Only the instructions Tapyard's programs need have factories.
/// </summary>
[StructLayout(LayoutKind.Sequential, Pack = 1)]
public readonly struct BpfInstruction : IEquatable<BpfInstruction>
{
    public const int Size = 8;

    // Opcode = class | operation | source (linux/bpf_common.h, linux/bpf.h).
    public const byte OpMoveRegister64 = 0xbf;      // BPF_ALU64 | BPF_MOV | BPF_X
    public const byte OpMoveImmediate64 = 0xb7;     // BPF_ALU64 | BPF_MOV | BPF_K
    public const byte OpAndImmediate64 = 0x57;      // BPF_ALU64 | BPF_AND | BPF_K
    public const byte OpLoadWord = 0x61;            // BPF_LDX | BPF_MEM | BPF_W
    public const byte OpJumpIfEqualImmediate = 0x15;    // BPF_JMP | BPF_JEQ | BPF_K
    public const byte OpJumpIfNotEqualImmediate = 0x55; // BPF_JMP | BPF_JNE | BPF_K
    public const byte OpCall = 0x85;                // BPF_JMP | BPF_CALL
    public const byte OpExit = 0x95;                // BPF_JMP | BPF_EXIT

    // Declared in struct bpf_insn's order, so an array of these is the kernel's layout in memory too.
    private readonly byte _opcode;
    private readonly byte _registers;
    private readonly short _offset;
    private readonly int _immediate;

    public BpfInstruction(byte opcode, BpfRegister destination, BpfRegister source, short offset, int immediate)
    {
        _opcode = opcode;
        _registers = (byte)(((byte)source << 4) | ((byte)destination & 0x0f));
        _offset = offset;
        _immediate = immediate;
    }

    public byte Opcode => _opcode;
    public BpfRegister Destination => (BpfRegister)(_registers & 0x0f);
    public BpfRegister Source => (BpfRegister)(_registers >> 4);
    public short Offset => _offset;
    public int Immediate => _immediate;

    /// <summary>True for the conditional jumps, whose <see cref="Offset"/> is a distance in instructions.</summary>
    public bool IsConditionalJump => Opcode is OpJumpIfEqualImmediate or OpJumpIfNotEqualImmediate;

    /// <summary>dst = src (64 bits).</summary>
    public static BpfInstruction MoveRegister(BpfRegister destination, BpfRegister source) =>
        new(OpMoveRegister64, destination, source, 0, 0);

    /// <summary>dst = imm (sign-extended to 64 bits).</summary>
    public static BpfInstruction MoveImmediate(BpfRegister destination, int immediate) =>
        new(OpMoveImmediate64, destination, 0, 0, immediate);

    /// <summary>dst = *(u32 *)(src + offset).</summary>
    public static BpfInstruction LoadWord(BpfRegister destination, BpfRegister source, short offset) =>
        new(OpLoadWord, destination, source, offset, 0);

    /// <summary>dst &amp;= imm (64 bits).</summary>
    public static BpfInstruction AndImmediate(BpfRegister destination, int immediate) =>
        new(OpAndImmediate64, destination, 0, 0, immediate);

    /// <summary>if (dst == imm) skip <paramref name="offset"/> instructions.</summary>
    public static BpfInstruction JumpIfEqual(BpfRegister destination, int immediate, short offset) =>
        new(OpJumpIfEqualImmediate, destination, 0, offset, immediate);

    /// <summary>if (dst != imm) skip <paramref name="offset"/> instructions.</summary>
    public static BpfInstruction JumpIfNotEqual(BpfRegister destination, int immediate, short offset) =>
        new(OpJumpIfNotEqualImmediate, destination, 0, offset, immediate);

    /// <summary>r0 = helper(r1, ..., r5); r1-r5 are clobbered.</summary>
    public static BpfInstruction Call(BpfHelper helper) => new(OpCall, 0, 0, 0, (int)helper);

    /// <summary>return r0.</summary>
    public static BpfInstruction Exit() => new(OpExit, 0, 0, 0, 0);

    /// <summary>The same instruction with another jump offset (for resolving labels).</summary>
    public BpfInstruction WithOffset(short offset) => new(Opcode, Destination, Source, offset, Immediate);

    /// <summary>The 8 bytes the kernel reads (little-endian, as on every machine Tapyard runs on).</summary>
    public void WriteTo(Span<byte> destination)
    {
        destination[0] = Opcode;
        destination[1] = _registers;
        BinaryPrimitives.WriteInt16LittleEndian(destination[2..], Offset);
        BinaryPrimitives.WriteInt32LittleEndian(destination[4..], Immediate);
    }

    public static BpfInstruction ReadFrom(ReadOnlySpan<byte> source) => new(
        source[0], (BpfRegister)(source[1] & 0x0f), (BpfRegister)(source[1] >> 4),
        BinaryPrimitives.ReadInt16LittleEndian(source[2..]), BinaryPrimitives.ReadInt32LittleEndian(source[4..]));

    public bool Equals(BpfInstruction other) =>
        Opcode == other.Opcode && _registers == other._registers && Offset == other.Offset && Immediate == other.Immediate;

    public override bool Equals(object? obj) => obj is BpfInstruction other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Opcode, _registers, Offset, Immediate);

    public static bool operator ==(BpfInstruction left, BpfInstruction right) => left.Equals(right);

    public static bool operator !=(BpfInstruction left, BpfInstruction right) => !left.Equals(right);

    public override string ToString() =>
        $"op=0x{Opcode:x2} dst={Destination} src={Source} off={Offset} imm={Immediate}";
}
