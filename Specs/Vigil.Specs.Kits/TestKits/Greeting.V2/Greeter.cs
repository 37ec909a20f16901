namespace Vigil.TestKits.Greeting;

public static class Greeter
{
    public static string Hello() => "hello from greeting v2";
}
