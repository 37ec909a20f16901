using System.Security.Cryptography;

namespace Vigil.Membership;

/// <summary>The shared secret that authenticates cluster traffic. Never printed: <see cref="ToString"/> shows only a fingerprint.</summary>
public sealed class ClusterKey
{
    private readonly byte[] _key;

    public ClusterKey(ReadOnlySpan<byte> key)
    {
        if (key.Length < 32)
        {
            throw new ArgumentException($"a cluster key must have at least 32 bytes (256 bits); this one has {key.Length}", nameof(key));
        }

        _key = key.ToArray();
        Fingerprint = Convert.ToHexStringLower(SHA256.HashData(_key))[..16];
    }

    /// <summary>First 16 hex digits of the key's SHA-256: safe to log, enough to tell two keys apart.</summary>
    public string Fingerprint { get; }

    internal ReadOnlySpan<byte> Bytes => _key;

    public static ClusterKey Generate() => new(RandomNumberGenerator.GetBytes(32));

    /// <summary>Reads a key file: base64 or hex text, at least 256 bits. Errors name the file, never the content.</summary>
    public static ClusterKey Load(string path)
    {
        var text = File.ReadAllText(path).Trim();
        byte[] bytes;
        try
        {
            bytes = text.Length == 64 && text.All(Uri.IsHexDigit) ? Convert.FromHexString(text) : Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            throw new FormatException($"{path}: the cluster key is neither base64 nor hex text");
        }

        if (bytes.Length < 32)
        {
            throw new FormatException($"{path}: the cluster key has {bytes.Length} bytes; at least 32 are required");
        }

        return new ClusterKey(bytes);
    }

    public override string ToString() => $"cluster key {Fingerprint}…";
}
