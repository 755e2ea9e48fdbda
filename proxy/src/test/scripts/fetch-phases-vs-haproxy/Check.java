import dev.hapair.proxy.runtime.ConfigCheck;
import java.io.*; import java.nio.file.*; import java.util.*;
public class Check { public static void main(String[] a) throws Exception {
  ConfigCheck cc = new ConfigCheck();
  BufferedReader r = new BufferedReader(new InputStreamReader(System.in));
  PrintStream nul = new PrintStream(OutputStream.nullOutputStream());
  for (String l; (l = r.readLine()) != null; ) {
    String name = l.split("\t")[0];
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc = cc.run(List.of(Path.of(name)), false, nul, new PrintStream(err));
    String msg = "";
    for (String m : err.toString().split("\n")) if (m.contains("ALERT") || m.contains("WARN")) { msg = m; break; }
    System.out.println(name + "\t" + rc + "\t" + msg);
  }
}}
