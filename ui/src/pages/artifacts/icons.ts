// The Clarity icons the repository and artifact pages add to the portal's set (icons.ts has the
// shell's); registered once, on first import.
import { ClarityIcons, arrowIcon, copyIcon, folderIcon, historyIcon, layersIcon, terminalIcon } from '@cds/core/icon';

ClarityIcons.addIcons(arrowIcon, copyIcon, folderIcon, historyIcon, layersIcon, terminalIcon);
