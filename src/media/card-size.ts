/** The generated share card's size: the 1.91:1 image that link previews show large. */
export const CARD_WIDTH = 1200;
export const CARD_HEIGHT = 630;
