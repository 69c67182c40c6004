// Runs EPUBCheck on many books in one JVM: starting Java once instead of once
// per book keeps a test suite that checks dozens of books fast.
// Usage: java -cp epubcheck.jar EpubCheckBatch.java BOOK.epub...
// Prints EPUBCheck's messages, then one summary line per book; exits 1 if any
// book has a fatal error, an error or a warning.
import com.adobe.epubcheck.api.EpubCheck;
import com.adobe.epubcheck.util.DefaultReportImpl;
import java.io.File;

public class EpubCheckBatch {
    public static void main(String[] args) {
        int unclean = 0;
        for (String path : args) {
            DefaultReportImpl report = new DefaultReportImpl(path);
            new EpubCheck(new File(path), report).doValidate();
            int fatals = report.getFatalErrorCount();
            int errors = report.getErrorCount();
            int warnings = report.getWarningCount();
            System.out.println("EPUBCHECK " + path + ": " + fatals + " fatals / " + errors + " errors / " + warnings + " warnings");
            if (fatals + errors + warnings > 0) {
                unclean++;
            }
        }
        System.out.println("EPUBCHECK " + (args.length - unclean) + " clean, " + unclean + " with messages");
        System.exit(unclean == 0 ? 0 : 1);
    }
}
