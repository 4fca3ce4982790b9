package dev.nnet.cli.usability;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Opens a history chart and checks it: its size, and that it holds drawn lines in the expected colours. */
final class Png {
  /** The training series' colour, matplotlib's first ("tab:blue"). */
  static final int TRAINING = 0x1f77b4;
  /** The validation series' colour ("tab:orange"). */
  static final int VALIDATION = 0xff7f0e;

  private Png() {}

  static BufferedImage read(Path png) throws IOException {
    System.setProperty("java.awt.headless", "true");
    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image).as("%s is a PNG image", png).isNotNull();
    return image;
  }

  /**
   * Checks a chart of {@code panels} quantities: 800 pixels wide, 90 plus 260 per panel high, mostly white but
   * with a few percent of the pixels drawn, and with the training colour (and the validation colour, or not) on it.
   */
  static void assertChart(Path png, int panels, boolean validation) throws IOException {
    BufferedImage image = read(png);
    assertThat(image.getWidth()).isEqualTo(800);
    assertThat(image.getHeight()).isEqualTo(90 + 260 * panels);
    long drawn = 0;
    long training = 0;
    long validating = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = image.getRGB(x, y) & 0xffffff;
        if (rgb != 0xffffff) {
          drawn++;
        }
        if (close(rgb, TRAINING)) {
          training++;
        }
        if (close(rgb, VALIDATION)) {
          validating++;
        }
      }
    }
    long pixels = (long) image.getWidth() * image.getHeight();
    assertThat(drawn).as("drawn pixels of %s", png).isGreaterThan(pixels / 50);
    assertThat(training).as("training-coloured pixels of %s", png).isGreaterThan(200);
    if (validation) {
      assertThat(validating).as("validation-coloured pixels of %s", png).isGreaterThan(200);
    } else {
      assertThat(validating).as("validation-coloured pixels of %s", png).isLessThan(20);
    }
  }

  private static boolean close(int rgb, int target) {
    int dr = ((rgb >> 16) & 0xff) - ((target >> 16) & 0xff);
    int dg = ((rgb >> 8) & 0xff) - ((target >> 8) & 0xff);
    int db = (rgb & 0xff) - (target & 0xff);
    return dr * dr + dg * dg + db * db < 30 * 30;
  }
}
