using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Vigil.Daemon.Configuration;

namespace Vigil.Daemon.ControlApi;

/// <summary>
/// The users of the control API, from the credentials file: one user per line, <c>NAME ROLE HASH</c>
/// (<see cref="PasswordHash"/>), <c>#</c> comments. A verified password is remembered as an HMAC under a key that
/// lives only in this process, so PBKDF2's deliberate cost is paid once per user and password, not per request.
/// </summary>
internal sealed class CredentialStore
{
    private readonly Dictionary<string, ApiUser> _users;
    private readonly byte[] _cacheKey = RandomNumberGenerator.GetBytes(32);
    private readonly ConcurrentDictionary<string, byte[]> _verified = new(StringComparer.Ordinal);

    private CredentialStore(Dictionary<string, ApiUser> users) => _users = users;

    public IReadOnlyCollection<ApiUser> Users => _users.Values;

    public static CredentialStore Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new ConfigException(path, 0, "file", "does not exist (the credentials file is made by 'vigil cluster init')");
        }

        var users = new Dictionary<string, ApiUser>(StringComparer.Ordinal);
        var lineNo = 0;
        foreach (var raw in File.ReadAllLines(path))
        {
            lineNo++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length != 3)
            {
                throw new ConfigException(path, lineNo, "user", "expected 'NAME ROLE HASH' (three fields)");
            }

            var role = ParseRole(fields[1]) ?? throw new ConfigException(path, lineNo, $"{fields[0]}.role", $"'{fields[1]}' is not a role (guest, operator or admin)");
            if (PasswordHash.Problem(fields[2]) is { } problem)
            {
                // The value itself is not echoed: a mistaken file might hold a password in clear.
                throw new ConfigException(path, lineNo, $"{fields[0]}.hash", problem);
            }

            if (!users.TryAdd(fields[0], new ApiUser(fields[0], role, fields[2])))
            {
                throw new ConfigException(path, lineNo, $"{fields[0]}", "this user is listed twice");
            }
        }

        return new CredentialStore(users);
    }

    /// <summary>Writes a credentials file readable by its owner only.</summary>
    public static void Write(string path, IEnumerable<ApiUser> users)
    {
        var text = new StringBuilder("# vigil control API users: NAME ROLE PBKDF2-HASH (made by 'vigil cluster init'; passwords are never stored)\n");
        foreach (var u in users)
        {
            text.Append(u.Name).Append(' ').Append(Name(u.Role)).Append(' ').Append(u.PasswordHash).Append('\n');
        }

        File.WriteAllText(path, text.ToString());
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    public static ApiRole? ParseRole(string text) => text switch
    {
        "guest" => ApiRole.Guest,
        "operator" => ApiRole.Operator,
        "admin" => ApiRole.Admin,
        _ => null,
    };

    public static string Name(ApiRole role) => role.ToString().ToLowerInvariant();

    /// <summary>The user if the password is right, else null.</summary>
    public ApiUser? Verify(string name, string password)
    {
        if (!_users.TryGetValue(name, out var user))
        {
            return null;
        }

        var tag = HMACSHA256.HashData(_cacheKey, Encoding.UTF8.GetBytes(user.PasswordHash + "\n" + password));
        if (_verified.TryGetValue(name, out var known) && CryptographicOperations.FixedTimeEquals(known, tag))
        {
            return user;
        }

        if (!PasswordHash.Verify(password, user.PasswordHash))
        {
            return null;
        }

        _verified[name] = tag;
        return user;
    }
}
