import dev.hapair.proxy.sample.*;
public class Dump { public static void main(String[] a){ for (String n: new java.util.TreeSet<>(Fetches.names())){ FetchDef d=Fetches.lookup(n); System.out.println(n+" "+d.minArgs()+" "+d.maxArgs()+" "+d.needs()+" "+d.type()); } } }
