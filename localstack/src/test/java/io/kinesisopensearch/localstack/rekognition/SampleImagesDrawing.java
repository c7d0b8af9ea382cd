package io.kinesisopensearch.localstack.rekognition;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.RenderingHints;
import java.awt.geom.Arc2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.QuadCurve2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * How the sample images under {@code src/main/resources/samples/images} were made: simple drawn
 * pictures (Java 2D shapes and gradients, no photographs), 400 x 300 pixels, some JPEG and some
 * PNG so that both of Rekognition's formats are exercised. The committed files are the fixtures,
 * not this program's output on another JDK (whose anti-aliasing or encoders may differ by a few
 * bytes, which would change the images' SHA-256 that {@code labels.json} maps to labels): run it
 * only to change a picture, then put the printed digests into {@code labels.json}.
 *
 * <pre>java -Djava.awt.headless=true localstack/src/test/java/io/kinesisopensearch/localstack/rekognition/SampleImagesDrawing.java \
 *     localstack/src/main/resources/samples/images</pre>
 */
public final class SampleImagesDrawing {

    static final int WIDTH = 400;
    static final int HEIGHT = 300;

    private SampleImagesDrawing() {
    }

    public static void main(String[] args) throws IOException {
        Path directory = Path.of(args.length > 0 ? args[0] : "localstack/src/main/resources/samples/images");
        Files.createDirectories(directory);
        write(directory.resolve("dog.jpg"), dog());
        write(directory.resolve("cat.png"), cat());
        write(directory.resolve("bicycle.png"), bicycle());
        write(directory.resolve("beach.jpg"), beach());
        write(directory.resolve("mountain.jpg"), mountain());
        write(directory.resolve("pizza.png"), pizza());
    }

    private static void write(Path file, BufferedImage image) throws IOException {
        String name = file.getFileName().toString();
        if (name.endsWith(".png")) {
            ImageIO.write(image, "png", file.toFile());
        } else {
            ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.88f);
            Files.deleteIfExists(file);
            try (OutputStream out = Files.newOutputStream(file); ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
                writer.setOutput(stream);
                writer.write(null, new IIOImage(image, null, null), param);
            } finally {
                writer.dispose();
            }
        }
        byte[] bytes = Files.readAllBytes(file);
        System.out.printf("%-14s %6d bytes  sha256 %s%n", name, bytes.length, sha256(bytes));
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Graphics2D canvas(BufferedImage image) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        return g;
    }

    private static void sky(Graphics2D g, int horizon, Color top, Color bottom) {
        g.setPaint(new GradientPaint(0, 0, top, 0, horizon, bottom));
        g.fillRect(0, 0, WIDTH, horizon);
    }

    private static void cloud(Graphics2D g, int x, int y, int size) {
        g.setColor(new Color(255, 255, 255, 230));
        g.fill(new Ellipse2D.Double(x, y, size * 1.6, size * 0.8));
        g.fill(new Ellipse2D.Double(x + size * 0.5, y - size * 0.35, size, size));
        g.fill(new Ellipse2D.Double(x + size * 1.1, y + size * 0.05, size * 1.1, size * 0.7));
    }

    /** A brown dog standing on grass, seen from the side, under a blue sky. */
    static BufferedImage dog() {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(image);
        sky(g, 190, new Color(96, 160, 226), new Color(196, 226, 250));
        cloud(g, 40, 40, 40);
        cloud(g, 270, 60, 32);
        g.setPaint(new GradientPaint(0, 180, new Color(110, 176, 72), 0, HEIGHT, new Color(58, 118, 40)));
        g.fillRect(0, 180, WIDTH, HEIGHT - 180);
        Random blades = new Random(7);
        g.setStroke(new BasicStroke(1.5f));
        for (int i = 0; i < 260; i++) {
            int x = blades.nextInt(WIDTH);
            int y = 190 + blades.nextInt(HEIGHT - 190);
            g.setColor(new Color(40 + blades.nextInt(40), 100 + blades.nextInt(60), 30));
            g.draw(new Line2D.Double(x, y, x + blades.nextInt(5) - 2, y - 6 - blades.nextInt(6)));
        }
        Color fur = new Color(150, 96, 48);
        Color dark = new Color(104, 62, 28);
        // tail
        g.setColor(fur);
        g.setStroke(new BasicStroke(12, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(new QuadCurve2D.Double(122, 150, 92, 128, 96, 96));
        // legs, far ones darker
        g.setColor(dark);
        g.fill(new RoundRectangle2D.Double(146, 166, 18, 72, 10, 10));
        g.fill(new RoundRectangle2D.Double(236, 166, 18, 72, 10, 10));
        g.setColor(fur);
        g.fill(new RoundRectangle2D.Double(128, 170, 20, 74, 10, 10));
        g.fill(new RoundRectangle2D.Double(218, 170, 20, 74, 10, 10));
        // paws
        g.setColor(new Color(236, 220, 196));
        g.fill(new Ellipse2D.Double(124, 236, 28, 12));
        g.fill(new Ellipse2D.Double(214, 236, 28, 12));
        // body, chest
        g.setColor(fur);
        g.fill(new Ellipse2D.Double(112, 124, 160, 76));
        g.setColor(new Color(236, 220, 196));
        g.fill(new Ellipse2D.Double(236, 150, 40, 44));
        // neck, head, snout
        g.setColor(fur);
        g.fill(new Polygon(new int[] {238, 268, 292, 262}, new int[] {140, 96, 112, 170}, 4));
        g.fill(new Ellipse2D.Double(252, 68, 66, 60));
        g.fill(new RoundRectangle2D.Double(296, 92, 48, 30, 22, 22));
        g.setColor(Color.BLACK);
        g.fill(new Ellipse2D.Double(334, 94, 14, 11));
        g.setStroke(new BasicStroke(2));
        g.draw(new QuadCurve2D.Double(318, 116, 330, 122, 342, 114));
        // eye and ear
        g.fill(new Ellipse2D.Double(296, 84, 9, 9));
        g.setColor(Color.WHITE);
        g.fill(new Ellipse2D.Double(299, 86, 3, 3));
        g.setColor(dark);
        g.fill(new Ellipse2D.Double(262, 70, 26, 52));
        // collar and tag
        g.setColor(new Color(200, 30, 40));
        g.setStroke(new BasicStroke(8, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(new Line2D.Double(262, 124, 284, 136));
        g.setColor(new Color(240, 200, 40));
        g.fill(new Ellipse2D.Double(272, 136, 11, 11));
        g.dispose();
        return image;
    }

    /** A grey tabby cat sitting on a wooden floor in front of a wall, with a ball of yarn. */
    static BufferedImage cat() {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(image);
        g.setPaint(new GradientPaint(0, 0, new Color(232, 222, 200), 0, 200, new Color(214, 200, 172)));
        g.fillRect(0, 0, WIDTH, 200);
        g.setColor(new Color(160, 112, 70));
        g.fillRect(0, 200, WIDTH, HEIGHT - 200);
        g.setColor(new Color(130, 88, 52));
        g.setStroke(new BasicStroke(2));
        for (int y = 214; y < HEIGHT; y += 22) {
            g.draw(new Line2D.Double(0, y, WIDTH, y));
        }
        g.setColor(new Color(246, 240, 228));
        g.fillRect(0, 190, WIDTH, 12);
        Color fur = new Color(128, 128, 134);
        Color stripe = new Color(84, 84, 92);
        // tail around the paws
        g.setColor(fur);
        g.setStroke(new BasicStroke(16, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(new QuadCurve2D.Double(236, 250, 280, 246, 268, 206));
        // body and head
        g.fill(new Ellipse2D.Double(132, 128, 116, 132));
        g.fill(new Ellipse2D.Double(146, 58, 92, 84));
        g.fill(new Polygon(new int[] {150, 160, 184}, new int[] {90, 34, 66}, 3));
        g.fill(new Polygon(new int[] {234, 224, 200}, new int[] {90, 34, 66}, 3));
        g.setColor(new Color(228, 170, 170));
        g.fill(new Polygon(new int[] {158, 163, 178}, new int[] {80, 48, 68}, 3));
        g.fill(new Polygon(new int[] {226, 221, 206}, new int[] {80, 48, 68}, 3));
        // stripes
        g.setColor(stripe);
        g.setStroke(new BasicStroke(5, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(new QuadCurve2D.Double(180, 64, 192, 74, 204, 64));
        g.draw(new QuadCurve2D.Double(140, 170, 156, 176, 160, 160));
        g.draw(new QuadCurve2D.Double(138, 200, 156, 206, 162, 190));
        g.draw(new QuadCurve2D.Double(242, 170, 226, 176, 222, 160));
        g.draw(new QuadCurve2D.Double(244, 200, 226, 206, 220, 190));
        // chest and paws
        g.setColor(new Color(236, 234, 230));
        g.fill(new Ellipse2D.Double(166, 140, 52, 70));
        g.fill(new Ellipse2D.Double(158, 244, 30, 18));
        g.fill(new Ellipse2D.Double(196, 244, 30, 18));
        // eyes, nose, mouth, whiskers
        g.setColor(new Color(120, 190, 70));
        g.fill(new Ellipse2D.Double(164, 88, 20, 16));
        g.fill(new Ellipse2D.Double(200, 88, 20, 16));
        g.setColor(Color.BLACK);
        g.fill(new Ellipse2D.Double(171, 88, 6, 16));
        g.fill(new Ellipse2D.Double(207, 88, 6, 16));
        g.setColor(new Color(220, 130, 140));
        g.fill(new Polygon(new int[] {186, 198, 192}, new int[] {110, 110, 118}, 3));
        g.setColor(new Color(60, 60, 60));
        g.setStroke(new BasicStroke(1.5f));
        g.draw(new QuadCurve2D.Double(192, 118, 186, 126, 180, 122));
        g.draw(new QuadCurve2D.Double(192, 118, 198, 126, 204, 122));
        for (int i = -1; i <= 1; i++) {
            g.draw(new Line2D.Double(176, 116 + i * 4, 130, 110 + i * 10));
            g.draw(new Line2D.Double(208, 116 + i * 4, 254, 110 + i * 10));
        }
        // yarn
        g.setColor(new Color(200, 40, 70));
        g.fill(new Ellipse2D.Double(300, 222, 50, 50));
        g.setColor(new Color(150, 20, 50));
        g.setStroke(new BasicStroke(2));
        for (int i = 0; i < 5; i++) {
            g.draw(new Arc2D.Double(304 + i * 3, 226 + i * 2, 42 - i * 6, 42 - i * 4, 20 + i * 30, 200, Arc2D.OPEN));
        }
        g.draw(new QuadCurve2D.Double(304, 262, 280, 280, 250, 270));
        g.dispose();
        return image;
    }

    /** A red bicycle on a road in front of a pale wall. */
    static BufferedImage bicycle() {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(image);
        g.setPaint(new GradientPaint(0, 0, new Color(236, 238, 242), 0, 230, new Color(206, 210, 218)));
        g.fillRect(0, 0, WIDTH, 230);
        g.setColor(new Color(190, 194, 202));
        for (int y = 30; y < 230; y += 40) {
            g.fillRect(0, y, WIDTH, 2);
        }
        g.setColor(new Color(88, 90, 96));
        g.fillRect(0, 230, WIDTH, HEIGHT - 230);
        g.setColor(new Color(236, 236, 236));
        for (int x = 10; x < WIDTH; x += 70) {
            g.fillRect(x, 272, 40, 5);
        }
        double rearX = 110;
        double frontX = 292;
        double axleY = 190;
        double radius = 58;
        for (double cx : new double[] {rearX, frontX}) {
            g.setColor(new Color(30, 30, 30));
            g.setStroke(new BasicStroke(9));
            g.draw(new Ellipse2D.Double(cx - radius, axleY - radius, radius * 2, radius * 2));
            g.setColor(new Color(170, 170, 176));
            g.setStroke(new BasicStroke(2.5f));
            g.draw(new Ellipse2D.Double(cx - radius + 6, axleY - radius + 6, radius * 2 - 12, radius * 2 - 12));
            g.setStroke(new BasicStroke(1));
            for (int i = 0; i < 18; i++) {
                double angle = Math.PI * 2 * i / 18;
                g.draw(new Line2D.Double(cx, axleY, cx + Math.cos(angle) * (radius - 7), axleY + Math.sin(angle) * (radius - 7)));
            }
            g.setColor(new Color(90, 90, 96));
            g.fill(new Ellipse2D.Double(cx - 6, axleY - 6, 12, 12));
        }
        double crankX = 190;
        double crankY = 192;
        double seatX = 168;
        double seatY = 110;
        double headX = 262;
        double headY = 112;
        Color frame = new Color(200, 32, 36);
        g.setColor(frame);
        g.setStroke(new BasicStroke(8, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(new Line2D.Double(rearX, axleY, crankX, crankY));
        g.draw(new Line2D.Double(rearX, axleY, seatX, seatY));
        g.draw(new Line2D.Double(seatX, seatY, crankX, crankY));
        g.draw(new Line2D.Double(seatX, seatY, headX, headY));
        g.draw(new Line2D.Double(crankX, crankY, headX + 4, headY + 14));
        g.draw(new Line2D.Double(headX, headY, frontX, axleY));
        // seat post and saddle
        g.setColor(new Color(60, 60, 64));
        g.setStroke(new BasicStroke(5, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(new Line2D.Double(seatX, seatY, seatX - 6, seatY - 18));
        g.setColor(new Color(30, 30, 30));
        g.fill(new RoundRectangle2D.Double(seatX - 30, seatY - 26, 44, 10, 10, 10));
        // stem and handlebar
        g.setColor(new Color(60, 60, 64));
        g.draw(new Line2D.Double(headX, headY, headX - 4, headY - 22));
        g.setStroke(new BasicStroke(6, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(new QuadCurve2D.Double(headX - 22, headY - 30, headX, headY - 18, headX + 18, headY - 30));
        g.setColor(new Color(30, 30, 30));
        g.setStroke(new BasicStroke(8, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(new Line2D.Double(headX + 14, headY - 29, headX + 24, headY - 32));
        // chainring, chain, pedals
        g.setColor(new Color(150, 150, 156));
        g.fill(new Ellipse2D.Double(crankX - 17, crankY - 17, 34, 34));
        g.setColor(new Color(70, 70, 74));
        g.setStroke(new BasicStroke(2.5f));
        g.draw(new Line2D.Double(crankX, crankY - 17, rearX, axleY - 8));
        g.draw(new Line2D.Double(crankX, crankY + 17, rearX, axleY + 8));
        g.setStroke(new BasicStroke(5, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(new Line2D.Double(crankX, crankY, crankX + 16, crankY + 26));
        g.setColor(new Color(30, 30, 30));
        g.fill(new RoundRectangle2D.Double(crankX + 6, crankY + 24, 22, 7, 4, 4));
        g.dispose();
        return image;
    }

    /** A sandy beach with the sea, the sun, a palm tree and a striped umbrella. */
    static BufferedImage beach() {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(image);
        sky(g, 140, new Color(64, 150, 230), new Color(176, 222, 250));
        g.setColor(new Color(255, 236, 120));
        g.fill(new Ellipse2D.Double(300, 26, 54, 54));
        g.setColor(new Color(255, 246, 190, 120));
        g.fill(new Ellipse2D.Double(290, 16, 74, 74));
        cloud(g, 60, 44, 30);
        g.setPaint(new GradientPaint(0, 140, new Color(24, 116, 180), 0, 206, new Color(60, 178, 200)));
        g.fillRect(0, 140, WIDTH, 70);
        g.setColor(new Color(220, 244, 250));
        g.setStroke(new BasicStroke(2, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        for (int row = 0; row < 4; row++) {
            for (int x = (row % 2) * 30; x < WIDTH; x += 60) {
                int y = 152 + row * 14;
                g.draw(new QuadCurve2D.Double(x, y, x + 12, y - 5, x + 24, y));
            }
        }
        Path2D sand = new Path2D.Double();
        sand.moveTo(0, 204);
        sand.quadTo(200, 192, WIDTH, 210);
        sand.lineTo(WIDTH, HEIGHT);
        sand.lineTo(0, HEIGHT);
        sand.closePath();
        g.setPaint(new GradientPaint(0, 200, new Color(240, 220, 170), 0, HEIGHT, new Color(222, 192, 134)));
        g.fill(sand);
        g.setColor(new Color(250, 250, 250));
        g.setStroke(new BasicStroke(3, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(new QuadCurve2D.Double(0, 204, 200, 192, WIDTH, 210));
        // palm tree
        g.setColor(new Color(130, 90, 50));
        g.setStroke(new BasicStroke(12, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(new QuadCurve2D.Double(70, 270, 60, 170, 100, 96));
        g.setColor(new Color(104, 70, 38));
        g.setStroke(new BasicStroke(2));
        for (int i = 0; i < 9; i++) {
            double t = i / 9.0;
            double x = (1 - t) * (1 - t) * 70 + 2 * (1 - t) * t * 60 + t * t * 100;
            double y = (1 - t) * (1 - t) * 270 + 2 * (1 - t) * t * 170 + t * t * 96;
            g.draw(new Line2D.Double(x - 6, y, x + 6, y - 3));
        }
        g.setColor(new Color(40, 140, 60));
        g.setStroke(new BasicStroke(10, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        double[][] fronds = {{40, 110, 10, 130}, {60, 70, 20, 80}, {110, 60, 150, 70}, {140, 96, 170, 126},
                {100, 120, 120, 150}, {80, 80, 60, 52}};
        for (double[] frond : fronds) {
            g.draw(new QuadCurve2D.Double(100, 96, frond[0], frond[1], frond[2], frond[3]));
        }
        g.setColor(new Color(110, 70, 40));
        g.fill(new Ellipse2D.Double(92, 96, 12, 12));
        g.fill(new Ellipse2D.Double(102, 100, 12, 12));
        // umbrella and towel
        g.setColor(new Color(240, 240, 240));
        g.setStroke(new BasicStroke(4));
        g.draw(new Line2D.Double(282, 262, 270, 176));
        for (int i = 0; i < 6; i++) {
            g.setColor(i % 2 == 0 ? new Color(230, 60, 50) : new Color(250, 250, 250));
            g.fill(new Arc2D.Double(210, 150, 120, 70, 10 + i * 26.7, 26.7, Arc2D.PIE));
        }
        g.setColor(new Color(40, 110, 200));
        g.fill(new Polygon(new int[] {200, 290, 310, 220}, new int[] {250, 244, 276, 284}, 4));
        g.setColor(new Color(250, 210, 60));
        g.setStroke(new BasicStroke(4));
        g.draw(new Line2D.Double(222, 254, 296, 248));
        g.draw(new Line2D.Double(228, 268, 302, 262));
        g.dispose();
        return image;
    }

    /** Snow-capped mountains over a pine forest and a lake. */
    static BufferedImage mountain() {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(image);
        sky(g, 200, new Color(70, 120, 200), new Color(214, 230, 246));
        cloud(g, 250, 30, 28);
        int[][] peaks = {{-40, 200, 90, 70, 220, 200}, {110, 200, 250, 40, 400, 200}, {250, 200, 350, 100, 460, 200}};
        Color[] rock = {new Color(104, 112, 132), new Color(86, 94, 116), new Color(120, 126, 146)};
        for (int i = 0; i < peaks.length; i++) {
            int[] p = peaks[i];
            g.setColor(rock[i]);
            g.fill(new Polygon(new int[] {p[0], p[2], p[4]}, new int[] {p[1], p[3], p[5]}, 3));
            double cap = 0.3;
            int leftX = (int) (p[2] + (p[0] - p[2]) * cap);
            int rightX = (int) (p[2] + (p[4] - p[2]) * cap);
            int capY = (int) (p[3] + (p[1] - p[3]) * cap);
            g.setColor(new Color(248, 250, 255));
            g.fill(new Polygon(new int[] {leftX, p[2], rightX, (p[2] + rightX) / 2, p[2], (leftX + p[2]) / 2},
                    new int[] {capY, p[3], capY, capY - 8, capY + 6, capY - 6}, 6));
        }
        g.setPaint(new GradientPaint(0, 200, new Color(74, 120, 64), 0, 236, new Color(48, 92, 44)));
        g.fillRect(0, 196, WIDTH, 40);
        g.setPaint(new GradientPaint(0, 236, new Color(70, 126, 190), 0, HEIGHT, new Color(40, 84, 140)));
        g.fillRect(0, 236, WIDTH, HEIGHT - 236);
        g.setColor(new Color(150, 190, 230, 140));
        g.setStroke(new BasicStroke(2));
        for (int y = 248; y < HEIGHT; y += 12) {
            g.draw(new Line2D.Double(40 + (y % 36), y, 140 + (y % 36), y));
            g.draw(new Line2D.Double(230 - (y % 24), y, 330 - (y % 24), y));
        }
        Random forest = new Random(11);
        for (int x = -10; x < WIDTH + 10; x += 14) {
            int height = 30 + forest.nextInt(26);
            int base = 238 - forest.nextInt(6);
            g.setColor(new Color(24 + forest.nextInt(20), 70 + forest.nextInt(30), 40));
            g.fill(new Polygon(new int[] {x - 10, x, x + 10}, new int[] {base, base - height, base}, 3));
            g.setColor(new Color(80, 56, 36));
            g.fillRect(x - 1, base, 3, 4);
        }
        g.dispose();
        return image;
    }

    /** A pepperoni pizza with basil, cut in slices, on a wooden table. */
    static BufferedImage pizza() {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(image);
        g.setColor(new Color(150, 100, 60));
        g.fillRect(0, 0, WIDTH, HEIGHT);
        Random grain = new Random(3);
        for (int plank = 0; plank < HEIGHT; plank += 60) {
            g.setColor(new Color(110, 70, 40));
            g.fillRect(0, plank, WIDTH, 3);
            g.setStroke(new BasicStroke(1.2f));
            for (int i = 0; i < 6; i++) {
                int y = plank + 8 + grain.nextInt(48);
                g.setColor(new Color(126 + grain.nextInt(20), 82 + grain.nextInt(12), 48));
                g.draw(new QuadCurve2D.Double(0, y, 200, y + grain.nextInt(12) - 6, WIDTH, y));
            }
        }
        double cx = 200;
        double cy = 150;
        g.setColor(new Color(240, 240, 236));
        g.fill(new Ellipse2D.Double(cx - 140, cy - 140, 280, 280));
        g.setColor(new Color(214, 156, 80));
        g.fill(new Ellipse2D.Double(cx - 120, cy - 120, 240, 240));
        g.setColor(new Color(190, 60, 36));
        g.fill(new Ellipse2D.Double(cx - 104, cy - 104, 208, 208));
        g.setColor(new Color(250, 214, 110));
        Random cheese = new Random(5);
        for (int i = 0; i < 40; i++) {
            double angle = cheese.nextDouble() * Math.PI * 2;
            double distance = cheese.nextDouble() * 84;
            double size = 22 + cheese.nextInt(18);
            g.fill(new Ellipse2D.Double(cx + Math.cos(angle) * distance - size / 2, cy + Math.sin(angle) * distance - size / 2,
                    size, size));
        }
        double[][] pepperoni = {{-50, -50}, {10, -70}, {60, -30}, {-70, 10}, {-20, 0}, {40, 30}, {-40, 60}, {20, 75},
                {70, -70}, {-80, -20}};
        for (double[] slice : pepperoni) {
            g.setColor(new Color(170, 36, 30));
            g.fill(new Ellipse2D.Double(cx + slice[0] - 14, cy + slice[1] - 14, 28, 28));
            g.setColor(new Color(130, 24, 20));
            g.fill(new Ellipse2D.Double(cx + slice[0] - 6, cy + slice[1] - 3, 5, 5));
            g.fill(new Ellipse2D.Double(cx + slice[0] + 3, cy + slice[1] - 8, 4, 4));
        }
        g.setColor(new Color(40, 130, 50));
        double[][] basil = {{-10, -40, 0.5}, {30, 0, 2.0}, {-55, 30, 1.1}, {50, 60, 2.6}, {-30, -80, 0.2}};
        for (double[] leaf : basil) {
            Graphics2D turned = (Graphics2D) g.create();
            turned.translate(cx + leaf[0], cy + leaf[1]);
            turned.rotate(leaf[2]);
            turned.fill(new Ellipse2D.Double(-12, -6, 24, 12));
            turned.setColor(new Color(20, 90, 30));
            turned.setStroke(new BasicStroke(1));
            turned.draw(new Line2D.Double(-10, 0, 10, 0));
            turned.dispose();
        }
        g.setColor(new Color(120, 70, 30, 160));
        g.setStroke(new BasicStroke(2));
        for (int i = 0; i < 4; i++) {
            double angle = Math.PI / 4 * i + 0.2;
            g.draw(new Line2D.Double(cx - Math.cos(angle) * 120, cy - Math.sin(angle) * 120,
                    cx + Math.cos(angle) * 120, cy + Math.sin(angle) * 120));
        }
        g.dispose();
        return image;
    }
}
