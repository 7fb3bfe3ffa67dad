import unittest


class Arithmetic(unittest.TestCase):
    def test_add(self):
        self.assertEqual(1 + 1, 2)

    def test_fails(self):
        self.assertEqual(2 * 2, 5)

    @unittest.skip('not today')
    def test_skipped(self):
        pass

    def test_raises(self):
        with self.assertRaises(ZeroDivisionError):
            1 / 0

    def test_subtests(self):
        for i in range(3):
            with self.subTest(i=i):
                self.assertLess(i, 2)
