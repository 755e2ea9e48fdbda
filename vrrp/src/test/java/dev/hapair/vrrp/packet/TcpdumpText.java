package dev.hapair.vrrp.packet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the {@code tcpdump -nn -v -e -xx} decodes beside the captures, so that expected fields come from
 * tcpdump's independent decoder rather than from constants typed into the tests.
 */
final class TcpdumpText {
    /** One frame as tcpdump printed it; VRRP fields are null for ARP frames and vice versa. */
    record Frame(
            String srcMac,
            String dstMac,
            String etherType,
            int frameLength,
            byte[] bytes,
            Integer tos,
            Integer ttl,
            Integer ipId,
            Integer ipLength,
            String ipSrc,
            String ipDst,
            Integer vrrpVersion,
            Integer vrid,
            Integer priority,
            String authType,
            Integer intervalCentis,
            Integer vrrpLength,
            List<String> addresses,
            String password,
            String arpWhoHas,
            String arpTargetMac,
            String arpTell) {}

    private static final Pattern ETH =
            Pattern.compile("^(\\S+) > (\\S+), ethertype (\\w+) \\(0x[0-9a-f]+\\), length (\\d+): (.*)$");
    private static final Pattern IP = Pattern.compile(
            "^\\(tos 0x([0-9a-f]+), ttl (\\d+), id (\\d+), offset 0, flags \\[none\\], proto VRRP \\(112\\), "
                    + "length (\\d+)\\)$");
    private static final Pattern VRRP = Pattern.compile(
            "^(\\S+) > (\\S+): VRRPv(\\d), Advertisement, vrid (\\d+), prio (\\d+), (?:authtype (\\w+), )?"
                    + "intvl (\\d+)(s|cs), length (\\d+), addrs: ([0-9., ]+?)(?: auth \"([^\"]*)\")?$");
    private static final Pattern ARP = Pattern.compile(
            "^Ethernet \\(len 6\\), IPv4 \\(len 4\\), Request who-has (\\S+) \\((\\S+)\\) tell (\\S+), length 28$");
    private static final Pattern HEX = Pattern.compile("^0x[0-9a-f]{4}:\\s+(.*)$");

    private TcpdumpText() {}

    static List<Frame> read(Path txt) {
        List<String> lines;
        try {
            lines = Files.readAllLines(txt);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Frame> frames = new ArrayList<>();
        int i = 0;
        while (i < lines.size()) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                i++;
                continue;
            }
            Matcher eth = ETH.matcher(line);
            if (!eth.matches()) {
                throw new IllegalStateException(txt + ":" + (i + 1) + ": unexpected line: " + line);
            }
            i++;
            String rest = eth.group(5);
            Matcher ip = null;
            Matcher vrrp = null;
            Matcher arp = null;
            if (eth.group(3).equals("IPv4")) {
                ip = must(IP.matcher(rest), txt, i);
                vrrp = must(VRRP.matcher(lines.get(i).strip()), txt, i + 1);
                i++;
            } else {
                arp = must(ARP.matcher(rest), txt, i);
            }
            StringBuilder hex = new StringBuilder();
            while (i < lines.size()) {
                Matcher h = HEX.matcher(lines.get(i).strip());
                if (!h.matches()) {
                    break;
                }
                hex.append(h.group(1).replace(" ", ""));
                i++;
            }
            byte[] bytes = HexFormat.of().parseHex(hex);
            if (vrrp != null) {
                int intvl = Integer.parseInt(vrrp.group(7)) * (vrrp.group(8).equals("s") ? 100 : 1);
                List<String> addrs = List.of(vrrp.group(10).split("\\s*,\\s*"));
                frames.add(new Frame(
                        eth.group(1),
                        eth.group(2),
                        eth.group(3),
                        Integer.parseInt(eth.group(4)),
                        bytes,
                        Integer.parseInt(ip.group(1), 16),
                        Integer.parseInt(ip.group(2)),
                        Integer.parseInt(ip.group(3)),
                        Integer.parseInt(ip.group(4)),
                        vrrp.group(1),
                        vrrp.group(2),
                        Integer.parseInt(vrrp.group(3)),
                        Integer.parseInt(vrrp.group(4)),
                        Integer.parseInt(vrrp.group(5)),
                        vrrp.group(6),
                        intvl,
                        Integer.parseInt(vrrp.group(9)),
                        addrs,
                        vrrp.group(11),
                        null,
                        null,
                        null));
            } else {
                frames.add(new Frame(
                        eth.group(1),
                        eth.group(2),
                        eth.group(3),
                        Integer.parseInt(eth.group(4)),
                        bytes,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        arp.group(1),
                        arp.group(2),
                        arp.group(3)));
            }
        }
        return frames;
    }

    private static Matcher must(Matcher m, Path txt, int lineIndex) {
        if (!m.matches()) {
            throw new IllegalStateException(txt + ":" + (lineIndex + 1) + ": unparsed: " + m);
        }
        return m;
    }
}
